#!/usr/bin/env python3
"""Sends wine rows from a CSV to streammtl as Avro single-object encoded LabeledEvents.

Uses Debian's python3-avro and python3-confluent-kafka. Each row becomes one event with the 11 features of
deploy/config/wine.yaml by name and both labels (quality, and good = quality >= 6); event ids are the prefix
and the row's number.
"""
import argparse
import csv
import datetime
import io
import os
import pathlib
import sys

import avro.io
import avro.schema
from confluent_kafka import Producer

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
# The released LabeledEvent v1, self-contained; the header below belongs to exactly this file.
SCHEMA = REPOSITORY / "schemas" / "history" / "LabeledEvent.v1.avsc"
# `streammtl schemas` prints it: C3 01, then LabeledEvent v1's fingerprint c19ebc17d5d1094e as little-endian bytes.
# Hard-coded: python3-avro 1.11's fingerprint is another (its canonical form leaves timestamps as {"type": "long"}).
HEADER = bytes.fromhex("c3014e09d1d517bc9ec1")

# Model feature name -> CSV column, in the order of deploy/config/wine.yaml.
FEATURES = {
    "fixed_acidity": "fixed acidity",
    "volatile_acidity": "volatile acidity",
    "citric_acid": "citric acid",
    "residual_sugar": "residual sugar",
    "chlorides": "chlorides",
    "free_sulfur_dioxide": "free sulfur dioxide",
    "total_sulfur_dioxide": "total sulfur dioxide",
    "density": "density",
    "pH": "pH",
    "sulphates": "sulphates",
    "alcohol": "alcohol",
}


def events(path, id_prefix, model, limit):
    with open(path, newline="") as file:
        for number, row in enumerate(csv.DictReader(file, delimiter=";"), start=1):
            if limit is not None and number > limit:
                return
            quality = float(row["quality"])
            yield {
                "id": f"{id_prefix}{number}",
                "event_time": datetime.datetime.now(datetime.timezone.utc),
                "model": model,
                "numeric": {name: float(row[column]) for name, column in FEATURES.items()},
                "dense": None,
                "categorical": {},
                "labels": {"quality": quality, "good": 1.0 if quality >= 6 else 0.0},
            }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", default=os.environ.get("STREAMMTL_BOOTSTRAP_SERVERS", "127.0.0.1:9092"))
    parser.add_argument("--topic", default="wine-events")
    parser.add_argument("--data", default=str(REPOSITORY / "src/main/resources/data/wine/red-test.csv"),
                        help="';'-separated wine CSV with a header (default: the bundled red-test.csv)")
    parser.add_argument("--rows", type=int, help="send only the first ROWS rows")
    parser.add_argument("--model", default="default", help="model key: the record key and the event's model field")
    parser.add_argument("--id-prefix", default="python-")
    args = parser.parse_args()

    writer = avro.io.DatumWriter(avro.schema.parse(SCHEMA.read_text()))
    failures = []
    producer = Producer({"bootstrap.servers": args.bootstrap_servers, "enable.idempotence": True,
                         "message.timeout.ms": 30000})
    sent = 0
    for event in events(args.data, args.id_prefix, args.model, args.rows):
        body = io.BytesIO()
        writer.write(event, avro.io.BinaryEncoder(body))
        producer.produce(args.topic, key=args.model.encode(), value=HEADER + body.getvalue(),
                         on_delivery=lambda error, message: error and failures.append(error))
        producer.poll(0)
        sent += 1
    producer.flush()
    if failures:
        sys.exit(f"{len(failures)} of {sent} events not delivered: {failures[0]}")
    print(f"sent {sent} events to {args.topic} (ids {args.id_prefix}1..{args.id_prefix}{sent})")


if __name__ == "__main__":
    main()
