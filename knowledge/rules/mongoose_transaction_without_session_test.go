package rules

import "testing"

func TestMongooseTransactionWithoutSession(t *testing.T) {
	const head = "const mongoose = require('mongoose');\nconst User = require('./models/User');\nconst Order = require('./models/Order');\n"
	const m83 = `{"name":"a","dependencies":{"mongoose":"~8.3.0"}}`
	const m9 = `{"name":"a","dependencies":{"mongoose":"^9.0.0"}}`
	runCases(t, MongooseTransactionWithoutSession, []ruleCase{
		{name: "catalog positive", src: head + "async function pay(id) {\n  const session = await mongoose.startSession();\n  await session.withTransaction(async () => {\n    await User.updateOne({ _id: id }, { $inc: { balance: -500 } }, { session });\n    await Order.create([{ userId: id, amount: 500 }]);\n  });\n}",
			want: []string{"warning: Order.create"}},
		{name: "start and commit", src: head + "async function pay(id) {\n  const session = await mongoose.startSession();\n  session.startTransaction();\n  try {\n    await User.updateOne({ _id: id }, { $inc: { balance: -1 } });\n    const u = await User.findById(id);\n    await session.commitTransaction();\n  } catch (e) {\n    await session.abortTransaction();\n  }\n}",
			want: []string{"warning: User.updateOne", "information: User.findById"}},
		{name: "new doc saved", src: head + "async function f() {\n  const session = await mongoose.startSession();\n  await session.withTransaction(async () => {\n    const o = new Order({ a: 1 });\n    await o.save();\n  });\n}",
			want: []string{"warning: o.save"}},
		{name: "model in this file, TS typed session", file: "tx.ts", src: "import { model, ClientSession } from 'mongoose';\nconst Account = model('Account', schema);\nexport async function move(s: ClientSession) {\n  await s.withTransaction(async () => {\n    await Account.deleteMany({ closed: true });\n  });\n}",
			want: []string{"warning: Account.deleteMany"}},
		{name: "NestJS model property", file: "svc.ts", src: "export class Svc {\n  async run() {\n    const session = await this.connection.startSession();\n    await session.withTransaction(async () => {\n      await this.orderModel.insertMany(items);\n    });\n  }\n}",
			want: []string{"warning: this.orderModel.insertMany"}},
		{name: "connection.transaction on mongoose 8.3", pkg: m83, src: head + "mongoose.connection.transaction(async (session) => {\n  await Order.create([{ a: 1 }]);\n});",
			want: []string{"warning: Order.create"}},
		{name: "model proven by a session use", src: "const { Wallet } = require('./db');\nasync function f() {\n  const session = await conn.startSession();\n  await session.withTransaction(async (s) => {\n    await Wallet.updateOne({ a: 1 }, { b: 2 }, { session: s });\n    await Wallet.updateOne({ a: 2 }, { b: 3 });\n  });\n}",
			want: []string{"warning: Wallet.updateOne"}},

		{name: "catalog negative", src: head + "async function f() {\n  const session = await mongoose.startSession();\n  await session.withTransaction(async () => {\n    await Order.create([{ userId: 1, amount: 500 }], { session });\n  });\n}"},
		{name: "chained session", src: head + "async function f() {\n  const session = await mongoose.startSession();\n  await session.withTransaction(async () => {\n    const u = await User.findOne({ a: 1 }).session(session).lean();\n  });\n}"},
		{name: "outside the region", src: head + "async function f() {\n  const session = await mongoose.startSession();\n  await User.find({});\n  session.startTransaction();\n  await Order.create([{}], { session });\n  await session.commitTransaction();\n  await User.updateOne({}, {});\n}"},
		{name: "options the rule cannot see", src: head + "async function f() {\n  const session = await mongoose.startSession();\n  await session.withTransaction(async () => {\n    await Order.create([{}], opts);\n  });\n}"},
		{name: "connection.transaction on mongoose 9 may use ALS", pkg: m9, src: head + "mongoose.connection.transaction(async () => {\n  await Order.create([{ a: 1 }]);\n});"},
		{name: "connection.transaction version unknown", src: head + "mongoose.connection.transaction(async () => {\n  await Order.create([{ a: 1 }]);\n});"},
		{name: "TypeORM query runner", file: "a.ts", src: "import { Order } from './models/order';\nasync function f(queryRunner) {\n  await queryRunner.startTransaction();\n  await Order.create({ a: 1 });\n  await queryRunner.commitTransaction();\n}"},
		{name: "Sequelize transaction", src: "const { User } = require('./models');\nawait sequelize.transaction(async (t) => {\n  await User.create({ name: 'a' }, { transaction: t });\n});"},
		{name: "session parameter of unknown origin", src: head + "async function f(session) {\n  await session.withTransaction(async () => {\n    await Order.create([{ a: 1 }]);\n  });\n}"},
		{name: "receiver not a model", src: "const svc = require('./services/orders');\nasync function f() {\n  const session = await mongoose.startSession();\n  await session.withTransaction(async () => {\n    await svc.create({ a: 1 });\n  });\n}"},
		{name: "doc loaded in the session", src: head + "async function f() {\n  const session = await mongoose.startSession();\n  await session.withTransaction(async () => {\n    const u = await User.findById(id).session(session);\n    u.balance -= 1;\n    await u.save();\n  });\n}"},
	})
}

func TestMongooseTransactionWithoutSessionFixes(t *testing.T) {
	const head = "const mongoose = require('mongoose');\nconst User = require('./models/User');\nconst Order = require('./models/Order');\n"
	const open = "async function f() {\n  const session = await mongoose.startSession();\n  await session.withTransaction(async () => {\n"
	const closing = "  });\n}\n"
	runFixes(t, MongooseTransactionWithoutSession, []fixCase{
		{name: "create array gets options", src: head + open + "    await Order.create([{ a: 1 }]);\n" + closing,
			want: head + open + "    await Order.create([{ a: 1 }], { session });\n" + closing},
		{name: "single create doc is wrapped", src: head + open + "    const order = await Order.create({ a: 1 });\n" + closing,
			want: head + open + "    const [order] = await Order.create([{ a: 1 }], { session });\n" + closing},
		{name: "update options literal", src: head + open + "    await User.updateOne({ a: 1 }, { b: 2 }, { upsert: true });\n" + closing,
			want: head + open + "    await User.updateOne({ a: 1 }, { b: 2 }, { upsert: true, session });\n" + closing},
		{name: "update without options", src: head + open + "    await User.updateOne({ a: 1 }, { b: 2 });\n" + closing,
			want: head + open + "    await User.updateOne({ a: 1 }, { b: 2 }, { session });\n" + closing},
		{name: "read chains the session", src: head + open + "    const u = await User.findOne({ a: 1 }).lean();\n" + closing,
			want: head + open + "    const u = await User.findOne({ a: 1 }).session(session).lean();\n" + closing},
		{name: "callback session name", src: head + "async function g() {\n  const s = await mongoose.startSession();\n  await s.withTransaction(async (txSession) => {\n    const d = new Order({});\n    await d.save();\n  });\n}\n",
			want: head + "async function g() {\n  const s = await mongoose.startSession();\n  await s.withTransaction(async (txSession) => {\n    const d = new Order({});\n    await d.save({ session: txSession });\n  });\n}\n"},
	})
}

// TestMongooseTransactionWithoutSessionGate: MongooseTransactionWithoutSession runs
// only in files that name startSession or ClientSession, or a connection in a package
// that depends on mongoose: a createConnection() transaction on Mongoose 8.3 is still
// judged; another ORM's transaction in a file that reads a request's session is not.
func TestMongooseTransactionWithoutSessionGate(t *testing.T) {
	checkGates(t, MongooseTransactionWithoutSession, []gateCase{
		{name: "a createConnection transaction on mongoose 8.3", pkg: `{"dependencies":{"mongoose":"~8.3.0"}}`, reported: `const { createConnection } = require('mongoose');
const conn = createConnection(uri);
conn.transaction(async () => {
  await OrderModel.updateOne({ _id: 1 }, { paid: true });
});
`, skipped: `const { DataSource } = require('typeorm');
async function pay(req) {
  await dataSource.transaction(async (manager) => { await manager.save({ user: req.session.user }); });
}
`},
		{name: "a typed session in TypeScript", file: "tx.ts", reported: `import { model, type ClientSession } from 'mongoose';
const Account = model('Account', schema);
export async function close(s: ClientSession) {
  await s.withTransaction(async () => { await Account.deleteMany({ closed: true }); });
}
`, skipped: `import { model } from 'mongoose';
const Account = model('Account', schema);
export async function close(session: unknown, db: { transaction(f: () => Promise<void>): Promise<void> }) {
  await db.transaction(async () => { await Account.deleteMany({ closed: true }); });
}
`},
	})
}
