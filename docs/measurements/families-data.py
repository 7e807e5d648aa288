#!/usr/bin/env python3
"""Derives the train/test CSVs of the family measurements from the shared UCI copies, deterministically.

Usage: families-data.py DATA_DIR OUT_DIR   (DATA_DIR holds dow_jones_index.csv and student_performance.csv)

Dow Jones Index (Brown, Pelosi & Dirska 2013; UCI id 312, CC BY 4.0): members = `stock` (30). The first week
(2011-01-07) is dropped: it lacks the two volume-change columns. Train = weeks 2-20 of every stock, streamed in
date order (all stocks of a week, then the next week); test = the last 5 weeks (2011-05-27 .. 2011-06-24). The
features are the columns known at the end of the week; `next_weeks_open` and `next_weeks_close` leak the target and
are dropped, as are `quarter` and `date`.

Student Performance (Cortez & Silva 2008; UCI id 320, CC BY 4.0): members = `subject`/`school` (4). Targets `G3`
(0-20) and `pass` (G3 >= 10). `G1` and `G2` are dropped: they are earlier grades of the same year and leak most of
G3. Rows are shuffled with random.Random(20261207); the first 80 % are the training stream, the rest the test set.

Standard library only; the output is byte-identical on every run.
"""
import csv
import os
import random
import sys

STUDENT_SEED = 20261207
STUDENT_TRAIN_SHARE = 0.8
DOW_TEST_WEEKS = 5
DOW_DROPPED = {"quarter", "date", "next_weeks_open", "next_weeks_close"}
STUDENT_DROPPED = {"G1", "G2"}


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def keep(header, rows, dropped):
    columns = [i for i, name in enumerate(header) if name not in dropped]
    return [header[i] for i in columns], [[row[i] for i in columns] for row in rows]


def dow_jones(data, out):
    header, rows = read(os.path.join(data, "dow_jones_index.csv"))
    date = header.index("date")
    weeks = sorted({row[date] for row in rows})
    rows = [row for row in rows if row[date] != weeks[0]]
    test_weeks = set(weeks[-DOW_TEST_WEEKS:])
    stock = header.index("stock")
    train = sorted((r for r in rows if r[date] not in test_weeks), key=lambda r: (r[date], r[stock]))
    test = sorted((r for r in rows if r[date] in test_weeks), key=lambda r: (r[date], r[stock]))
    names, train = keep(header, train, DOW_DROPPED)
    _, test = keep(header, test, DOW_DROPPED)
    write(os.path.join(out, "dow-jones-train.csv"), names, train)
    write(os.path.join(out, "dow-jones-test.csv"), names, test)
    return len(train), len(test)


def student(data, out):
    header, rows = read(os.path.join(data, "student_performance.csv"))
    random.Random(STUDENT_SEED).shuffle(rows)
    cut = round(STUDENT_TRAIN_SHARE * len(rows))
    names, kept = keep(header, rows, STUDENT_DROPPED)
    write(os.path.join(out, "student-train.csv"), names, kept[:cut])
    write(os.path.join(out, "student-test.csv"), names, kept[cut:])
    return cut, len(rows) - cut


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    print("dow jones: %d train rows, %d test rows" % dow_jones(data, out))
    print("student performance: %d train rows, %d test rows" % student(data, out))


if __name__ == "__main__":
    main()
