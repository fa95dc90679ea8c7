// The supervisor's --help text: the one place a flag's one-line description lives.
#include "init/options.hpp"

namespace lucid::init {

std::string usage() {
  return R"(usage: lucid-init [OPTIONS] [--] PROGRAM [ARG...]
       lucid-init probe [OPTIONS]        (health check; see lucid-init probe --help)

Runs PROGRAM as the only child of PID 1: forwards signals, reaps zombies, shuts down gracefully,
cleans up leftover processes and exits with PROGRAM's status.

Options (each also read from the environment variable shown; flags win):
  -g, --grace DURATION      time between SIGTERM and SIGKILL, for the child and then for leftover
                            processes (LUCID_INIT_GRACE, default 9s)
      --stop-delay DURATION
                            hold the first SIGTERM this long before forwarding it; SIGINT or a
                            second SIGTERM ends the hold (LUCID_INIT_STOP_DELAY, default 0)
  -p, --pgroup              run PROGRAM in its own process group and signal the whole group
                            (LUCID_INIT_PGROUP=1)
  -r, --remap-exit FROM:TO  exit with TO when PROGRAM's status is FROM; repeatable
                            (LUCID_INIT_REMAP_EXIT=FROM:TO,FROM:TO)
      --rewrite FROM:TO     forward signal FROM as TO (names or numbers; TO 0: not at all);
                            shutdown still follows the incoming signal; repeatable
                            (LUCID_INIT_REWRITE=TERM:QUIT,WINCH:0)
  -s, --service NAME        validate NAME_HOST (must be 0.0.0.0; set when unset) and NAME_PORT
                            (1-65535), replace {host} and {port} in ARGs and log when the
                            port first accepts a connection (LUCID_SERVICE)
      --default-port N      NAME_PORT when it is unset (LUCID_INIT_DEFAULT_PORT)
      --file-env            every NAME_FILE=/run/secrets/... becomes NAME=<the file's content>
                            for PROGRAM, before --service's checks (LUCID_INIT_FILE_ENV=1)
      --file-env-dir DIR    where --file-env takes secrets from, instead of /run/secrets;
                            repeatable (LUCID_INIT_FILE_ENV_DIRS=DIR:DIR)
      --exec                validate and substitute, then exec PROGRAM in place, unsupervised
                            (LUCID_INIT_EXEC=1)
      --wait-for TARGET     before starting PROGRAM, wait until TARGET answers: host:port
                            (connects), http://host[:port]/path (status 200-399) or unix:/path;
                            repeatable (LUCID_INIT_WAIT_FOR=TARGET,TARGET)
      --wait-timeout DURATION
                            give up waiting after this long, 0 never (LUCID_INIT_WAIT_TIMEOUT,
                            default 60s)
      --notify-child        leave NOTIFY_SOCKET to PROGRAM, which then tells systemd or podman
                            when it is ready; lucid-init sends nothing (LUCID_INIT_NOTIFY_CHILD=1)
      --health-check TARGET check PROGRAM while it runs: TARGET as for --wait-for, {host} and
                            {port} from --service (LUCID_INIT_HEALTH_CHECK)
      --health-interval DURATION
                            from a check's end to the next (LUCID_INIT_HEALTH_INTERVAL, default 30s)
      --health-timeout DURATION
                            a check's limit (LUCID_INIT_HEALTH_TIMEOUT, default 10s)
      --health-retries N    failures in a row that make PROGRAM unhealthy (1-1000;
                            LUCID_INIT_HEALTH_RETRIES, default 3)
      --health-start-period DURATION
                            failures this early do not count; a success ends it early
                            (LUCID_INIT_HEALTH_START_PERIOD, default 0)
      --health-on-failure none|stop
                            when unhealthy: warn (none, the default), or stop PROGRAM as on
                            SIGTERM and exit 3 (LUCID_INIT_HEALTH_ON_FAILURE)
  -v, --verbose             more log lines; -q, --quiet fewer (LUCID_INIT_VERBOSITY=0..3,
                            0 errors, 1 warnings, 2 info (default), 3 debug)
      --log-format FORMAT   text (default) or json: one JSON object per line, with a time stamp,
                            the level, the event's name and its fields (LUCID_INIT_LOG_FORMAT)
  -h, --help                this text
  -V, --version             version, VCS revision and build date

DURATION: 500ms, 9s, 1.5s, 2m, 1h or plain seconds; 0 or at least 1ms.
Exit status: PROGRAM's; 128+N if it died of signal N; 126 not executable; 127 not found;
2 usage or configuration error; 1 lucid-init could not start PROGRAM (e.g. vfork failed);
124 a --wait-for TARGET still missing at --wait-timeout; 128+N signal N during that wait;
3 stopped by --health-on-failure stop.
)";
}

}  // namespace lucid::init
