const { readFileSync } = require('node:fs');
const { readFile } = require('node:fs/promises');
const express = require('express');
const db = require('../db');

const router = express.Router();

// Blocks the event loop for every request while the file is read.
router.get('/:id.csv', (req, res) => {
  const csv = readFileSync(`./reports/${req.params.id}.csv`, 'utf8');
  res.type('text/csv').send(csv);
});

// The same route, written without blocking.
router.get('/:id.txt', async (req, res, next) => {
  try {
    res.type('text/plain').send(await readFile(`./reports/${req.params.id}.txt`, 'utf8'));
  } catch (err) {
    next(err);
  }
});

// Express 4: a rejection here never reaches the error middleware.
router.get('/:id', async (req, res) => {
  const report = await db.reports.findById(req.params.id);
  res.json(report);
});

module.exports = router;
