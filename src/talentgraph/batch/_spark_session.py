"""A quiet, offline Spark session for the batch jobs (local mode by default).

The executors must run the same Python (the project's virtualenv) as the driver, Spark must not
reach for the network, and the console must not fill with JVM log lines, so the session is built
here in one place rather than by each job.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

from talentgraph.errors import ConfigError, ParameterError

__all__ = ["build_spark_session", "import_pyspark"]

_INSTALL_HINT = "Install the Spark extra: pip install 'talentgraph[spark]' (and Java 17 or newer)."

# Spark's own default profile logs every WARN at start-up; after start-up the session is set to
# ERROR. The root stays at WARN while the JVM starts (a shell at the root's level is not
# announced with "Setting default log level"), with the loggers known to warn harmlessly quiet.
_LOG4J2 = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = warn
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = error
logger.utils.name = org.apache.spark.util.Utils
logger.utils.level = error
"""


def import_pyspark() -> Any:
    """Import ``pyspark.sql`` (quietly: PySpark warns about pandas 3, which we do not rely on
    since no Arrow/pandas conversion is used), or say how to install it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            import pyspark.sql
    except ImportError as exc:
        raise ConfigError(f"The Spark engine needs PySpark, which is not installed ({exc}). "
                          f"{_INSTALL_HINT}") from exc
    return pyspark.sql


def _find_java_home() -> str | None:
    java = shutil.which("java")
    if java is None:
        return None
    return str(Path(java).resolve().parent.parent)


def _log4j_file() -> Path:
    path = Path(tempfile.gettempdir()) / "talentgraph-spark-log4j2.properties"
    if not path.exists() or path.read_text(encoding="utf-8") != _LOG4J2:
        path.write_text(_LOG4J2, encoding="utf-8")
    return path


def build_spark_session(*, master: str | None = None, app_name: str = "talentgraph",
                        shuffle_partitions: int | None = None) -> Any:
    """A SparkSession for the batch jobs: executors use this interpreter (PYSPARK_PYTHON), the
    web UI is off, logs show errors only, and in local mode everything binds to 127.0.0.1 so no
    network is needed. An existing active session is reused by Spark (``getOrCreate``).

    ``master``: the one given, else ``$SPARK_MASTER``, else the one spark-submit was given (when
    this process runs under spark-submit), else ``local[*]`` (every core of this machine). On a
    cluster only the app name (and ``shuffle_partitions`` when given) is set: the cluster's own
    configuration decides the rest. In local mode ``shuffle_partitions`` defaults to 4.
    """
    if shuffle_partitions is not None and (
            isinstance(shuffle_partitions, bool) or not isinstance(shuffle_partitions, int)
            or shuffle_partitions < 1):
        raise ParameterError.invalid("shuffle_partitions", "build_spark_session",
                                     "an int >= 1", shuffle_partitions)
    sql = import_pyspark()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if "JAVA_HOME" not in os.environ:
        java_home = _find_java_home()
        if java_home is None:
            raise ConfigError(f"The Spark engine needs Java, and no `java` is on the PATH. "
                              f"Install Java 17+ or set JAVA_HOME. {_INSTALL_HINT}")
        os.environ["JAVA_HOME"] = java_home
    under_submit = "PYSPARK_GATEWAY_PORT" in os.environ  # the JVM was started by spark-submit
    master = master or os.environ.get("SPARK_MASTER") or (None if under_submit else "local[*]")
    is_local = master is not None and master.startswith("local")
    builder = sql.SparkSession.builder.appName(app_name).config(
        "spark.sql.session.timeZone", "UTC")
    if master is not None:
        builder = builder.master(master)
    if is_local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        log_opt = f"-Dlog4j2.configurationFile=file:{_log4j_file()}"
        shuffle_partitions = shuffle_partitions or 4
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.default.parallelism", str(shuffle_partitions))
            .config("spark.driver.extraJavaOptions", log_opt)
            .config("spark.executor.extraJavaOptions", log_opt)
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
        )
    if shuffle_partitions is not None:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            spark = builder.getOrCreate()
    except Exception as exc:  # the JVM failed to start: Java missing, wrong version, ...
        raise ConfigError(f"Spark could not start ({type(exc).__name__}: {exc}). Check that "
                          f"Java 17+ is installed and JAVA_HOME points at it. "
                          f"{_INSTALL_HINT}") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark
