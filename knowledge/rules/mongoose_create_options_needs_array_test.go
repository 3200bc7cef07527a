package rules

import "testing"

func TestMongooseCreateOptionsNeedsArray(t *testing.T) {
	const head = "const Order = require('./models/Order');\n"
	runCases(t, MongooseCreateOptionsNeedsArray, []ruleCase{
		{name: "session after a doc", src: head + "await Order.create({ userId: id, amount: 500 }, { session });", want: []string{"error: { session }"}},
		{name: "ordered", src: head + "const o = await Order.create({ a: 1 }, { ordered: true });", want: []string{"error: { ordered: true }"}},
		{name: "class-like name in TS", file: "a.ts", src: "import { Payment } from '../db';\nawait Payment.create({ a: 1 }, { session: s, validateBeforeSave: false });", want: []string{"error: { session: s, validateBeforeSave: false }"}},
		{name: "doc const", src: head + "const doc = { a: 1 };\nawait Order.create(doc, { session });", want: []string{"error: { session }"}},

		{name: "array", src: head + "await Order.create([{ a: 1 }], { session });"},
		{name: "single doc", src: head + "await Order.create({ a: 1 });"},
		{name: "two documents", src: head + "await Order.create({ a: 1 }, { a: 2 });"},
		{name: "docs variable", src: head + "await Order.create(docs, { session });"},
		{name: "sequelize transaction option", src: "const { User } = require('./models');\nawait User.create({ name: 'a' }, { transaction: t });"},
		{name: "not a model", src: "await store.create({ a: 1 }, { session });"},
	})
}

func TestMongooseCreateOptionsNeedsArrayFixes(t *testing.T) {
	const head = "const Order = require('./models/Order');\n"
	runFixes(t, MongooseCreateOptionsNeedsArray, []fixCase{
		{name: "statement", src: head + "await Order.create({ a: 1 }, { session });\n", want: head + "await Order.create([{ a: 1 }], { session });\n"},
		{name: "binding destructured", src: head + "async function f() {\n  const order = await Order.create({ a: 1 }, { session });\n  return order.id;\n}\n",
			want: head + "async function f() {\n  const [order] = await Order.create([{ a: 1 }], { session });\n  return order.id;\n}\n"},
	})
}

func TestMongooseCreateOptionsNeedsArrayUsedResultHasNoFix(t *testing.T) {
	findings, _ := check(t, MongooseCreateOptionsNeedsArray, "", "", "const Order = require('./models/Order');\nres.json(await Order.create({ a: 1 }, { session }));")
	if len(findings) != 1 || findings[0].Fix != nil {
		t.Fatalf("want one finding without a fix, got %+v", findings)
	}
}
