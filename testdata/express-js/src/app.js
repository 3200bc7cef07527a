'use strict';
const fs = require('node:fs');
const path = require('node:path');
const express = require('express');
const cors = require('cors');
const reports = require('./routes/reports');

// Startup: reading config once before serving is fine.
const config = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'config.json'), 'utf8'));

const app = express();
app.use(express.json());

// Every origin may read every response.
app.use(cors());

// An allowlist for the admin API is what cors should look like.
app.use('/admin', cors({ origin: ['https://admin.example.com'], credentials: true }));

app.use('/reports', reports);

app.get('/health', (req, res) => res.json({ ok: true, name: config.name }));

app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

app.listen(config.port || 3000, () => {
  fs.writeFileSync('server.pid', String(process.pid));
});
