package rules

import "testing"

// mongoosePackage is a package.json that depends on Mongoose.
const mongoosePackage = `{"dependencies":{"mongoose":"8.4.0"}}`

func TestMongooseCreateOptionsNeedsArray(t *testing.T) {
	const head = "const Order = require('./models/Order');\n"
	const pkg = mongoosePackage
	runCases(t, MongooseCreateOptionsNeedsArray, []ruleCase{
		{name: "session after a doc", pkg: pkg, src: head + "await Order.create({ userId: id, amount: 500 }, { session });", want: []string{"error: { session }"}},
		{name: "ordered", pkg: pkg, src: head + "const o = await Order.create({ a: 1 }, { ordered: true });", want: []string{"error: { ordered: true }"}},
		{name: "class-like name in TS", file: "a.ts", pkg: pkg, src: "import { Payment } from '../db';\nawait Payment.create({ a: 1 }, { session: s, validateBeforeSave: false });", want: []string{"error: { session: s, validateBeforeSave: false }"}},
		{name: "doc const", pkg: pkg, src: head + "const doc = { a: 1 };\nawait Order.create(doc, { session });", want: []string{"error: { session }"}},
		{name: "a file that imports mongoose, in no package", src: "const mongoose = require('mongoose');\nconst Order = mongoose.model('Order', schema);\nawait Order.create({ a: 1 }, { session });", want: []string{"error: { session }"}},

		{name: "array", pkg: pkg, src: head + "await Order.create([{ a: 1 }], { session });"},
		{name: "single doc", pkg: pkg, src: head + "await Order.create({ a: 1 });"},
		{name: "two documents", pkg: pkg, src: head + "await Order.create({ a: 1 }, { a: 2 });"},
		{name: "docs variable", pkg: pkg, src: head + "await Order.create(docs, { session });"},
		{name: "sequelize transaction option", pkg: pkg, src: "const { User } = require('./models');\nawait User.create({ name: 'a' }, { transaction: t });"},
		{name: "not a model", pkg: pkg, src: "await store.create({ a: 1 }, { session });"},
		{name: "a model-like name where Mongoose is not used", src: head + "await Order.create({ a: 1 }, { session });"},
	})
}

func TestMongooseCreateOptionsNeedsArrayFixes(t *testing.T) {
	const head = "const Order = require('./models/Order');\n"
	runFixes(t, MongooseCreateOptionsNeedsArray, []fixCase{
		{name: "statement", pkg: mongoosePackage, src: head + "await Order.create({ a: 1 }, { session });\n", want: head + "await Order.create([{ a: 1 }], { session });\n"},
		{name: "binding destructured", pkg: mongoosePackage, src: head + "async function f() {\n  const order = await Order.create({ a: 1 }, { session });\n  return order.id;\n}\n",
			want: head + "async function f() {\n  const [order] = await Order.create([{ a: 1 }], { session });\n  return order.id;\n}\n"},
	})
}

func TestMongooseCreateOptionsNeedsArrayUsedResultHasNoFix(t *testing.T) {
	findings, _ := check(t, MongooseCreateOptionsNeedsArray, "", mongoosePackage, "const Order = require('./models/Order');\nres.json(await Order.create({ a: 1 }, { session }));")
	if len(findings) != 1 || findings[0].Fix != nil {
		t.Fatalf("want one finding without a fix, got %+v", findings)
	}
}

// TestMongooseCreateOptionsNeedsArrayGate: the rule runs only where Mongoose is
// used. Reported: a receiver named like a class in a package that depends on Mongoose
// through NestJS's module, though the file imports neither; a Typegoose model in
// TypeScript. Skipped: the same calls in a package that does not depend on Mongoose,
// and Object.create's property descriptors, which look like create(doc, options).
func TestMongooseCreateOptionsNeedsArrayGate(t *testing.T) {
	checkGates(t, MongooseCreateOptionsNeedsArray, []gateCase{
		{name: "a class-like name in a NestJS package", pkg: `{"dependencies":{"@nestjs/mongoose":"10.0.0"}}`,
			reported:   "const { Order } = require('../schemas');\nexports.place = (doc, session) => Order.create({ ...doc }, { session });\n",
			skippedPkg: `{"dependencies":{"express":"4.21.2"}}`,
			skipped:    "const { Order } = require('../schemas');\nexports.place = (doc, session) => Order.create({ ...doc }, { session });\n"},
		{name: "Typegoose in TypeScript", file: "orders.ts",
			reported: "import { getModelForClass } from '@typegoose/typegoose';\nconst Order = getModelForClass(OrderClass);\nexport const place = (s: ClientSession) => Order.create({ total: 1 }, { session: s });\n",
			skipped:  "export const make = (proto: object) => Object.create({ ...proto }, { ordered: { value: true } });\n"},
	})
}
