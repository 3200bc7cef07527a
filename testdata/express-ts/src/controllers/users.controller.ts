import type { NextFunction, Request, Response } from 'express';
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Users } from '../models/users';

// Typed handlers are recognised even though the routes are registered elsewhere.
export async function listUsers(req: Request, res: Response) {
  const users = await Users.findAll();
  res.json(users);
}

export async function showUser(req: Request, res: Response, next: NextFunction) {
  try {
    res.json(await Users.findById(req.params.id));
  } catch (err) {
    next(err);
  }
}

export function showAvatar(req: Request, res: Response) {
  const avatar = fs.readFileSync(`./avatars/${req.params.id}.png`);
  res.type('png').send(avatar);
}

export async function showAvatarAsync(req: Request, res: Response, next: NextFunction) {
  try {
    res.type('png').send(await readFile(`./avatars/${req.params.id}.png`));
  } catch (err) {
    next(err);
  }
}
