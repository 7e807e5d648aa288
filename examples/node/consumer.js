#!/usr/bin/env node
// Prints streammtl's predictions: reads the predictions topic read_committed and decodes each Prediction
// (kafkajs + avsc). One line per prediction: the event id, the model key, the model version that made it, and
// each task's predicted value, probability or class.
'use strict';

const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const avro = require('avsc');
const { Kafka, logLevel } = require('kafkajs');

const REPOSITORY = path.resolve(__dirname, '..', '..');
// The released Prediction v2, self-contained (TaskPrediction inlined); the header below belongs to exactly this file.
const SCHEMA = path.join(REPOSITORY, 'schemas', 'history', 'Prediction.v2.avsc');
// `streammtl schemas` prints it: C3 01, then Prediction v2's fingerprint 1d57b0295d473ae5 as little-endian bytes.
const HEADER = Buffer.from('c301e53a475d29b0571d', 'hex');

function describe(task, prediction) {
  if (prediction.value !== null) {
    return `${task}=${prediction.value.toFixed(4)}`;
  }
  if (prediction.probability !== null) {
    return `${task}=${prediction.probability.toFixed(4)}`;
  }
  return `${task}=${prediction.predicted_class}`;
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      'bootstrap-servers': { type: 'string', default: process.env.STREAMMTL_BOOTSTRAP_SERVERS || '127.0.0.1:9092' },
      topic: { type: 'string', default: 'wine-predictions' },
      group: { type: 'string', default: 'streammtl-example-node' },
      'from-beginning': { type: 'boolean', default: false },
      until: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const type = avro.Type.forSchema(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
  const kafka = new Kafka({
    clientId: 'streammtl-example-consumer',
    brokers: args['bootstrap-servers'].split(','),
    logLevel: logLevel.WARN,
  });
  if (args['from-beginning']) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId: args.group, topic: args.topic, earliest: true });
    } finally {
      await admin.disconnect();
    }
  }
  // readUncommitted false (the default): under exactly-once the service writes predictions in transactions.
  const consumer = kafka.consumer({ groupId: args.group, readUncommitted: false });
  let seen = 0;
  let stopped = false;
  const done = new Promise((resolve, reject) => {
    if (args.timeout !== undefined) {
      setTimeout(() => reject(new Error(`timed out after ${args.timeout} s with ${seen} predictions`)),
        Number(args.timeout) * 1000).unref();
    }
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
    consumer.connect()
      .then(() => consumer.subscribe({ topics: [args.topic], fromBeginning: true }))
      .then(() => consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          if (stopped) {
            return;
          }
          const header = message.value.subarray(0, 10);
          if (!header.equals(HEADER)) {
            reject(new Error(`${topic}-${partition}@${message.offset}: header ${header.toString('hex')} is not `
              + `Prediction v2's ${HEADER.toString('hex')}; \`streammtl schemas\` prints the current one`));
            stopped = true;
            return;
          }
          const prediction = type.fromBuffer(message.value.subarray(10));
          const tasks = Object.keys(prediction.tasks).sort().map((task) => describe(task, prediction.tasks[task]));
          const { event_id: id, model, model_version: version } = prediction;
          console.log(`${id} model=${model} version=${version} ${tasks.join(' ')}`);
          seen += 1;
          if (prediction.event_id === args.until) {
            stopped = true;
            resolve();
          }
        },
      }))
      .catch(reject);
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
}

main().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
