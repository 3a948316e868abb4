"""A Redis server of the drill's own, killed with SIGKILL and started again.

Started in the foreground as a child (so its pid is known and the shared
Redis on 6379 is never touched), without persistence: a restarted server is
empty, as a restarted cache is in production.
"""

import os
import signal
import subprocess
import threading
import time

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

# redis.Redis(...) retries a refused connection 10 times with a backoff of up
# to a second (redis-py's default): seconds of "no answer" for a dead server.
NO_RETRY = Retry(NoBackoff(), 0)


class OwnRedis:
    def __init__(self, port, work):
        self.port = port
        self.work = work
        self.process = None
        self.url = f"redis://127.0.0.1:{port}/0"

    def _ping(self):
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2, retry=NO_RETRY)
        try:
            return client.ping()
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start(self):
        """Start the server and wait until it answers; its start time."""
        if self.process is None and self._ping():
            raise RuntimeError(f"something already answers on port {self.port}")
        log = open(self.work / "redis.log", "ab")
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        command += ["--dir", str(self.work)]
        self.process = subprocess.Popen(command, stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + 10
        while not self._ping():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server did not start; see {self.work}")
            time.sleep(0.01)
        return time.time()

    def kill(self):
        """kill -9, as the issue's drill did; the time it died."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None
        return time.time()

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


class Sampler(threading.Thread):
    """Reads the server's INFO twice a second: commands done, keys held,
    clients connected (nothing while it is down)."""

    def __init__(self, port):
        super().__init__(daemon=True, name="redis-sampler")
        self.port = port
        self.samples = []  # (wall time, commands, keys, clients)
        self._stop_event = threading.Event()

    def run(self):
        client = redis.Redis(
            port=self.port,
            socket_connect_timeout=0.2,
            socket_timeout=0.5,
            retry=NO_RETRY,
        )
        while not self._stop_event.wait(0.5):
            try:
                info = client.info()
                keys = client.dbsize()
            except redis.RedisError:
                continue
            self.samples.append(
                (
                    time.time(),
                    info["total_commands_processed"],
                    keys,
                    info["connected_clients"],
                )
            )

    def stop(self):
        self._stop_event.set()
        self.join(5)
