"""The bench's outside reader: replies as a librdkafka consumer sees them.

Reads the reply topics named on the command line read_committed, with
fetch.wait.max.ms=10, from their end offsets taken at start (or from the
beginning, for fresh topics), and prints one line per reply:
``<correlation-id header> <epoch ms when read>``, flushed whenever the client
has nothing more in hand.
Prints ``READY`` once every partition is assigned and positioned, so the bench
sends only after. Decodes no value: only the header is read. Stops on SIGTERM
or when stdin closes (the bench dies: the reader does not outlive it).

Runs in the venv scripts/bench/outside-venv.ts makes (confluent-kafka pinned there).
Exit 2: bad arguments or a topic without partitions.
"""

import argparse
import os
import signal
import sys
import threading
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

stop = threading.Event()


def watch_stdin() -> None:
    # stdin is a pipe from the bench; EOF means the bench is gone or done.
    while sys.stdin.buffer.read(4096):
        pass
    stop.set()


def partitions(consumer: Consumer, topics: list[str], from_start: bool) -> list[TopicPartition]:
    meta = consumer.list_topics(timeout=10)
    out = []
    for topic in topics:
        t = meta.topics.get(topic)
        if t is None or t.error is not None or not t.partitions:
            print(f"outside-reader: topic {topic} has no partitions", file=sys.stderr, flush=True)
            sys.exit(2)
        for p in sorted(t.partitions):
            if from_start:
                out.append(TopicPartition(topic, p, OFFSET_BEGINNING))
            else:
                # An explicit offset, not OFFSET_END: the position is fixed before READY,
                # not resolved at the first fetch, which may come after the first send.
                _low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
                out.append(TopicPartition(topic, p, high))
    return out


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--brokers", required=True)
    args.add_argument("--topics", required=True, help="comma-separated reply topics")
    args.add_argument("--from-beginning", action="store_true", help="fresh topics: read all they hold")
    o = args.parse_args()
    consumer = Consumer(
        {
            "bootstrap.servers": o.brokers,
            # assign() only: the group is never joined and nothing is committed.
            "group.id": f"bench-outside-{os.getpid()}",
            "enable.auto.commit": False,
            "isolation.level": "read_committed",
            "fetch.wait.max.ms": 10,
        }
    )
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=watch_stdin, daemon=True).start()
    consumer.assign(partitions(consumer, o.topics.split(","), o.from_beginning))
    print("READY", flush=True)
    out = sys.stdout
    while not stop.is_set():
        # poll(), not consume(n, timeout): consume waits out its timeout for n messages,
        # which would delay the stamps of a small batch by up to that timeout.
        m = consumer.poll(0.05)
        while m is not None:
            at = time.time() * 1000
            if m.error() is not None:
                print(f"outside-reader: {m.error()}", file=sys.stderr, flush=True)
            else:
                for key, value in m.headers() or []:
                    if key == "correlation-id" and value is not None:
                        out.write(f"{value.decode()} {at:.1f}\n")
            m = consumer.poll(0)
        # Flushed when the client has nothing more in hand, so a line is never held back long.
        out.flush()
    consumer.close()


if __name__ == "__main__":
    main()
