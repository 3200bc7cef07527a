import express from 'express';
import cors from 'cors';
import { listUsers, showAvatar, showUser } from './controllers/users.controller';

const app = express();

app.use(cors({ origin: '*' }));
app.use(express.json());

app.get('/users', listUsers);
app.get('/users/:id', showUser);
app.get('/users/:id/avatar', showAvatar);

app.listen(3000);
