#!/usr/bin/env node
// Sends wine rows from a CSV to streammtl as Avro single-object encoded LabeledEvents (kafkajs + avsc).
// Each row becomes one event with the 11 features of deploy/config/wine.yaml by name and both labels (quality,
// and good = quality >= 6); event ids are the prefix and the row's number.
'use strict';

const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const avro = require('avsc');
const { Kafka, Partitioners, logLevel } = require('kafkajs');

const REPOSITORY = path.resolve(__dirname, '..', '..');
// The released LabeledEvent v1, self-contained; the header below belongs to exactly this file.
const SCHEMA = path.join(REPOSITORY, 'schemas', 'history', 'LabeledEvent.v1.avsc');
// `streammtl schemas` prints it: C3 01, then LabeledEvent v1's fingerprint c19ebc17d5d1094e as little-endian bytes.
// Hard-coded because avsc has no CRC-64-AVRO fingerprint.
const HEADER = Buffer.from('c3014e09d1d517bc9ec1', 'hex');

// Model feature name -> CSV column, in the order of deploy/config/wine.yaml.
const FEATURES = {
  fixed_acidity: 'fixed acidity',
  volatile_acidity: 'volatile acidity',
  citric_acid: 'citric acid',
  residual_sugar: 'residual sugar',
  chlorides: 'chlorides',
  free_sulfur_dioxide: 'free sulfur dioxide',
  total_sulfur_dioxide: 'total sulfur dioxide',
  density: 'density',
  pH: 'pH',
  sulphates: 'sulphates',
  alcohol: 'alcohol',
};

// The bundled wine files: ';'-separated, a quoted header, unquoted numbers.
function readRows(file) {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line.length > 0);
  const columns = header.split(';').map((name) => name.replace(/^"|"$/g, ''));
  return lines.map((line) => {
    const cells = line.split(';');
    return Object.fromEntries(columns.map((name, i) => [name, Number(cells[i])]));
  });
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      'bootstrap-servers': { type: 'string', default: process.env.STREAMMTL_BOOTSTRAP_SERVERS || '127.0.0.1:9092' },
      topic: { type: 'string', default: 'wine-events' },
      data: { type: 'string', default: path.join(REPOSITORY, 'src/main/resources/data/wine/red-test.csv') },
      rows: { type: 'string' },
      model: { type: 'string', default: 'default' },
      'id-prefix': { type: 'string', default: 'node-' },
    },
  });
  const type = avro.Type.forSchema(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
  let rows = readRows(args.data);
  if (args.rows !== undefined) {
    rows = rows.slice(0, Number(args.rows));
  }
  const messages = rows.map((row, i) => {
    const event = {
      id: `${args['id-prefix']}${i + 1}`,
      event_time: Date.now(), // timestamp-millis: avsc writes the underlying long
      model: args.model,
      numeric: Object.fromEntries(Object.entries(FEATURES).map(([name, column]) => [name, row[column]])),
      dense: null,
      categorical: {},
      labels: { quality: row.quality, good: row.quality >= 6 ? 1 : 0 },
    };
    return { key: args.model, value: Buffer.concat([HEADER, type.toBuffer(event)]) };
  });

  const kafka = new Kafka({
    clientId: 'streammtl-example-producer',
    brokers: args['bootstrap-servers'].split(','),
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic: args.topic, messages });
  } finally {
    await producer.disconnect();
  }
  const prefix = args['id-prefix'];
  console.log(`sent ${messages.length} events to ${args.topic} (ids ${prefix}1..${prefix}${messages.length})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
