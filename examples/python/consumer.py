#!/usr/bin/env python3
"""Prints streammtl's predictions: reads the predictions topic read_committed and decodes each Prediction.

Uses Debian's python3-avro and python3-confluent-kafka. One line per prediction: the event id, the model key, the
model version that made it, and each task's predicted value, probability or class.
"""
import argparse
import io
import os
import pathlib
import sys
import time

import avro.io
import avro.schema
from confluent_kafka import OFFSET_BEGINNING, Consumer

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
# The released Prediction v2, self-contained (TaskPrediction inlined); the header below belongs to exactly this file.
SCHEMA = REPOSITORY / "schemas" / "history" / "Prediction.v2.avsc"
# `streammtl schemas` prints it: C3 01, then Prediction v2's fingerprint 1d57b0295d473ae5 as little-endian bytes.
HEADER = bytes.fromhex("c301e53a475d29b0571d")


def describe(task, prediction):
    if prediction["value"] is not None:
        return f"{task}={prediction['value']:.4f}"
    if prediction["probability"] is not None:
        return f"{task}={prediction['probability']:.4f}"
    return f"{task}={prediction['predicted_class']}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", default=os.environ.get("STREAMMTL_BOOTSTRAP_SERVERS", "127.0.0.1:9092"))
    parser.add_argument("--topic", default="wine-predictions")
    parser.add_argument("--group", default="streammtl-example-python")
    parser.add_argument("--from-beginning", action="store_true", help="start at the topic's first prediction")
    parser.add_argument("--until", metavar="EVENT_ID",
                        help="stop after the prediction of this event (default: run until Ctrl-C)")
    parser.add_argument("--timeout", type=float, help="give up with exit code 1 after TIMEOUT seconds")
    args = parser.parse_args()

    reader = avro.io.DatumReader(avro.schema.parse(SCHEMA.read_text()))
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": args.group,
        # Under exactly-once the service writes predictions in transactions: read only committed ones.
        "isolation.level": "read_committed",
        "auto.offset.reset": "earliest",
    })

    def on_assign(consumer, partitions):
        if args.from_beginning:
            for partition in partitions:
                partition.offset = OFFSET_BEGINNING
        consumer.assign(partitions)

    consumer.subscribe([args.topic], on_assign=on_assign)
    deadline = None if args.timeout is None else time.monotonic() + args.timeout
    seen = 0
    try:
        while True:
            if deadline is not None and time.monotonic() > deadline:
                sys.exit(f"timed out after {args.timeout} s with {seen} predictions")
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                sys.exit(f"consumer error: {message.error()}")
            value = message.value()
            if value[:10] != HEADER:
                sys.exit(f"{message.topic()}-{message.partition()}@{message.offset()}: header {value[:10].hex()} "
                         f"is not Prediction v2's {HEADER.hex()}; `streammtl schemas` prints the current one")
            prediction = reader.read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))
            tasks = " ".join(describe(task, p) for task, p in sorted(prediction["tasks"].items()))
            print(f"{prediction['event_id']} model={prediction['model']} version={prediction['model_version']} {tasks}",
                  flush=True)
            seen += 1
            if prediction["event_id"] == args.until:
                break
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
