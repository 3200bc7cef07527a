const express = require('express');
const db = require('./db');

const app = express();

// Express 5 forwards this rejection to the error middleware by itself.
app.get('/users/:id', async (req, res) => {
  res.json(await db.users.findById(req.params.id));
});

app.listen(3000);
