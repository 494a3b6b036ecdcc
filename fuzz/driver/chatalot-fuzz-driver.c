// libFuzzer driver for SharpFuzz targets (docs/articles/fuzzing.md).
//
// libFuzzer runs in this native process; the .NET target runs in a child process started once. They talk through
// SharpFuzz's libFuzzer protocol (Fuzzer.LibFuzzer.Run): a System V shared memory segment whose first MAP_SIZE bytes
// are the coverage map the instrumented assemblies update and whose next DATA_SIZE bytes hold the input, a control
// pipe on which we send each input's length (int32), and a status pipe on which the target answers first 0 (ready)
// and then one int32 per input (0: fine, anything else: an exception escaped). The pipes and the segment are named
// to the child by the __LIBFUZZER_SHM_ID, __LIBFUZZER_CONTROL_PIPE_ID and __LIBFUZZER_STATUS_PIPE_ID variables.
// Coverage reaches libFuzzer through its extra-counters section, which it clears before each input.
//
// Usage: chatalot-fuzz-driver [libFuzzer flags] [corpus folders] --exec=PROGRAM [--arg=ARG]...
// (libFuzzer ignores flags that start with "--").
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAP_SIZE (1 << 16)
#define DATA_SIZE (1 << 20)
#define MAX_ARGS 64

__attribute__((used, section("__libfuzzer_extra_counters"))) static uint8_t extra_counters[MAP_SIZE];

static uint8_t *shared;
static int control_fd = -1;
static int status_fd = -1;
static pid_t target_pid;

static void die(const char *message) {
  fprintf(stderr, "chatalot-fuzz-driver: %s%s%s\n", message, errno ? ": " : "", errno ? strerror(errno) : "");
  exit(1);
}

static int write_all(int fd, const void *buffer, size_t size) {
  const char *p = buffer;
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    p += n;
    size -= (size_t)n;
  }
  return 1;
}

static int read_all(int fd, void *buffer, size_t size) {
  char *p = buffer;
  while (size > 0) {
    ssize_t n = read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    p += n;
    size -= (size_t)n;
  }
  return 1;
}

// The target process died (stack overflow, fail-fast, killed): that is a crash of the current input.
static void target_died(void) {
  int status = 0;
  if (waitpid(target_pid, &status, 0) == target_pid) {
    if (WIFSIGNALED(status)) fprintf(stderr, "==chatalot-fuzz== the .NET target died from signal %d\n", WTERMSIG(status));
    else if (WIFEXITED(status)) fprintf(stderr, "==chatalot-fuzz== the .NET target exited with code %d\n", WEXITSTATUS(status));
  }
  abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  char *args[MAX_ARGS + 2];
  int count = 0;
  for (int i = 1; i < *argc; i++) {
    const char *arg = (*argv)[i];
    if (strncmp(arg, "--exec=", 7) == 0) args[0] = (char *)arg + 7, count = count ? count : 1;
  }
  if (count == 0) { errno = 0; die("missing --exec=PROGRAM"); }
  for (int i = 1; i < *argc; i++) {
    const char *arg = (*argv)[i];
    if (strncmp(arg, "--arg=", 6) == 0) {
      if (count > MAX_ARGS) { errno = 0; die("too many --arg"); }
      args[count++] = (char *)arg + 6;
    }
  }
  args[count] = NULL;

  // A write to a dead target must be reported as its crash, not kill us silently.
  signal(SIGPIPE, SIG_IGN);

  int shm_id = shmget(IPC_PRIVATE, MAP_SIZE + DATA_SIZE, IPC_CREAT | 0600);
  if (shm_id < 0) die("shmget");
  shared = shmat(shm_id, NULL, 0);
  if (shared == (void *)-1) die("shmat");

  int control[2], status[2];
  if (pipe(control) != 0 || pipe(status) != 0) die("pipe");

  target_pid = fork();
  if (target_pid < 0) die("fork");
  if (target_pid == 0) {
    // The target must not outlive us (libFuzzer exits on timeouts and at -max_total_time).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(control[1]);
    close(status[0]);
    char value[32];
    snprintf(value, sizeof value, "%d", shm_id);
    setenv("__LIBFUZZER_SHM_ID", value, 1);
    snprintf(value, sizeof value, "%d", control[0]);
    setenv("__LIBFUZZER_CONTROL_PIPE_ID", value, 1);
    snprintf(value, sizeof value, "%d", status[1]);
    setenv("__LIBFUZZER_STATUS_PIPE_ID", value, 1);
    execvp(args[0], args);
    perror("chatalot-fuzz-driver: exec");
    _exit(127);
  }

  close(control[0]);
  close(status[1]);
  control_fd = control[1];
  status_fd = status[0];

  int32_t ready;
  if (!read_all(status_fd, &ready, sizeof ready)) { errno = 0; die("the .NET target did not start (see its output above)"); }

  // The target has attached the segment: mark it for removal so that it goes away with the last of us.
  shmctl(shm_id, IPC_RMID, NULL);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > DATA_SIZE) return 0;
  memset(shared, 0, MAP_SIZE);
  memcpy(shared + MAP_SIZE, data, size);
  int32_t length = (int32_t)size;
  if (!write_all(control_fd, &length, sizeof length)) target_died();
  int32_t status;
  if (!read_all(status_fd, &status, sizeof status)) target_died();
  memcpy(extra_counters, shared, MAP_SIZE);
  if (status != 0) {
    fprintf(stderr, "==chatalot-fuzz== an exception outside the target's contract escaped (stack trace above)\n");
    abort();
  }
  return 0;
}
