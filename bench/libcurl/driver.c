/*
 * The libcurl driver of hiper's benchmark: curl_multi_socket_action driven by epoll, the way
 * the seeds' eight steps describe it, doing the same work as the Java drivers and printing the
 * same JSON line.
 *
 *   driver tool=libcurl scenario=NAME url=URL concurrency=N [requests=N] [warmup=S] [seconds=S]
 *          [sample=S] [upload=BYTES] [ca=PEM] [close=1] [rate=R] [http2=tls|prior]
 *          [streams=N] [connections=N]
 *
 * requests=0 (the default): every slot loops for warmup seconds, then the measured seconds.
 * requests=N: exactly N requests, all measured; at sample seconds the threads are read.
 * One easy handle per slot, set up once and added again after each transfer, so connections
 * are reused from the multi's cache. Each transfer must end with CURLE_OK and status 200.
 * close=1 sends Connection: close and counts new connections (CURLINFO_NUM_CONNECTS) and, over
 * TLS, resumed sessions (SSL_session_reused on CURLINFO_TLS_SSL_PTR, asked while the connection
 * is alive, in the write callback). rate=R is the open loop, in open.c: requests at fixed times.
 * http2=tls asks for CURL_HTTP_VERSION_2TLS (ALPN h2 over https), http2=prior for
 * CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE (h2c); either way the multi multiplexes
 * (CURLMOPT_PIPELINING = CURLPIPE_MULTIPLEX) and each handle waits for a connection being set up
 * to say whether it multiplexes (CURLOPT_PIPEWAIT) rather than opening its own, and a connection
 * carries at most streams= transfers (CURLMOPT_MAX_CONCURRENT_STREAMS, 100 by default, as
 * libcurl's). connections=N caps the connections to the host (CURLMOPT_MAX_HOST_CONNECTIONS)
 * and turns CURLOPT_PIPEWAIT off: the first transfers each open a connection, the others wait
 * for room on them. Without http2= every handle speaks HTTP/1.1.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int epfd;
static long timer_ms = -1;       /* from the timer callback; -1 none */
static double timer_at;          /* absolute seconds when timer_ms was set */
static long long body_bytes;
static long long ok_count;
static long long fail_count;
static long long issued;
static long long connects;       /* new connections (close=1) */
static long long resumed;        /* of which resumed TLS sessions */
static char first_error[512];

static struct {
    const char *tool, *scenario, *url, *ca, *http2;
    long concurrency, requests, upload, close, streams, connections;
    double warmup, seconds, sample, rate;
    const char *proxy; /* CURLOPT_PROXY, or NULL */
} cfg = { "libcurl", "?", NULL, NULL, NULL, 1, 0, 0, 0, 100, 0, 1, 3, 0, 0, NULL };

/* One easy handle and what the driver keeps about its transfer. */
struct slot {
    CURL *easy;
    double intended;             /* open loop: when its request was meant to go out */
    int tls_checked;             /* close=1 over TLS: resumption asked this transfer */
};

static int stop;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double sys_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static long status_value(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t k = strlen(key);
    if (!f) return -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, k) == 0) {
            v = strtol(line + k, NULL, 10);
            break;
        }
    }
    fclose(f);
    return v;
}

static void failed(const char *why) {
    fail_count++;
    if (!first_error[0]) snprintf(first_error, sizeof first_error, "%s", why);
}

static int next_request(void) {
    if (stop) return 0;
    return cfg.requests <= 0 || ++issued <= cfg.requests;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp) {
    (void) data;
    struct slot *sl = userp;
    body_bytes += (long long) (size * nmemb);
    if (cfg.close && !sl->tls_checked && strncmp(cfg.url, "https:", 6) == 0) {
        struct curl_tlssessioninfo *ti = NULL;
        sl->tls_checked = 1;
        if (curl_easy_getinfo(sl->easy, CURLINFO_TLS_SSL_PTR, &ti) == CURLE_OK && ti
                && ti->backend == CURLSSLBACKEND_OPENSSL && ti->internals
                && SSL_session_reused((SSL *) ti->internals))
            resumed++;
    }
    return size * nmemb;
}

/* A handle set up for the cell: the same options for the closed and the open loop. */
static struct slot *new_slot(char *body, struct curl_slist *headers) {
    struct slot *sl = calloc(1, sizeof *sl);
    CURL *e = curl_easy_init();
    sl->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, cfg.url);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, sl);
    curl_easy_setopt(e, CURLOPT_PRIVATE, sl);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    if (!cfg.http2) {
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
    } else {
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long) (strcmp(cfg.http2, "prior") == 0
                ? CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE : CURL_HTTP_VERSION_2TLS));
        curl_easy_setopt(e, CURLOPT_PIPEWAIT, cfg.connections > 0 ? 0L : 1L);
    }
    if (cfg.ca) curl_easy_setopt(e, CURLOPT_CAINFO, cfg.ca);
    if (cfg.proxy) curl_easy_setopt(e, CURLOPT_PROXY, cfg.proxy);
    if (body) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, cfg.upload);
    }
    if (headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    return sl;
}

/* Counts a finished transfer: CURLE_OK and status 200 succeed. Returns 1 when it succeeded. */
static int count_done(CURL *e, CURLcode rc) {
    long code = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    if (cfg.close) {
        long n = 0;
        curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &n);
        connects += n;
    }
    if (rc != CURLE_OK) {
        failed(curl_easy_strerror(rc));
        return 0;
    }
    if (code != 200) {
        char why[32];
        snprintf(why, sizeof why, "status %ld", code);
        failed(why);
        return 0;
    }
    if (cfg.http2) {
        long v = 0;
        curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &v);
        if (v != CURL_HTTP_VERSION_2_0) {
            failed("not answered over HTTP/2");
            return 0;
        }
    }
    ok_count++;
    return 1;
}



static int on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
    (void) easy;
    CURLM *multi = userp;
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, s, NULL);
        return 0;
    }
    struct epoll_event ev = { 0 };
    ev.data.fd = s;
    if (what & CURL_POLL_IN) ev.events |= EPOLLIN;
    if (what & CURL_POLL_OUT) ev.events |= EPOLLOUT;
    if (!socketp) {
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, s, &ev) != 0 && errno == EEXIST)
            epoll_ctl(epfd, EPOLL_CTL_MOD, s, &ev);
        curl_multi_assign(multi, s, (void *) 1);
    } else {
        epoll_ctl(epfd, EPOLL_CTL_MOD, s, &ev);
    }
    return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *userp) {
    (void) multi; (void) userp;
    timer_ms = timeout_ms;
    timer_at = now();
    return 0;
}

static void json_str(const char *k, const char *v) {
    printf("\"%s\":\"", k);
    for (; *v; v++) {
        if (*v == '"' || *v == '\\') printf("\\%c", *v);
        else if ((unsigned char) *v < 0x20) putchar(' ');
        else putchar(*v);
    }
    printf("\",");
}

/* The open loop (rate=R), in its own file: it uses the globals and helpers above. */
#include "open.c"

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) { fprintf(stderr, "expected key=value: %s\n", argv[i]); return 2; }
        *eq = 0;
        const char *k = argv[i], *v = eq + 1;
        if (!strcmp(k, "tool")) cfg.tool = v;
        else if (!strcmp(k, "scenario")) cfg.scenario = v;
        else if (!strcmp(k, "url")) cfg.url = v;
        else if (!strcmp(k, "ca")) cfg.ca = v;
        else if (!strcmp(k, "concurrency")) cfg.concurrency = atol(v);
        else if (!strcmp(k, "requests")) cfg.requests = atol(v);
        else if (!strcmp(k, "upload")) cfg.upload = atol(v);
        else if (!strcmp(k, "warmup")) cfg.warmup = atof(v);
        else if (!strcmp(k, "seconds")) cfg.seconds = atof(v);
        else if (!strcmp(k, "sample")) cfg.sample = atof(v);
        else if (!strcmp(k, "close")) cfg.close = atol(v);
        else if (!strcmp(k, "rate")) cfg.rate = atof(v);
        else if (!strcmp(k, "proxy")) cfg.proxy = v;
        else if (!strcmp(k, "http2")) cfg.http2 = v;
        else if (!strcmp(k, "streams")) cfg.streams = atol(v);
        else if (!strcmp(k, "connections")) cfg.connections = atol(v);
        else { fprintf(stderr, "unknown key %s\n", k); return 2; }
    }
    if (!cfg.url) { fprintf(stderr, "url= is required\n"); return 2; }

    curl_global_init(CURL_GLOBAL_ALL);
    /* libcurl before 8.0.0 fails every transfer after the first on a reused h2c connection that
     * prior knowledge opened ("Error in the HTTP2 framing layer", curl issue 10634, fixed in
     * 8.0.0): the row would measure that bug, so it says n/a, with the reason. */
    if (cfg.http2 && !(curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_HTTP2)) {
        printf("{\"tool\":\"%s\",\"scenario\":\"%s\",\"unsupported\":true,\"error\":\"this libcurl (%s) "
               "was built without HTTP/2 (nghttp2)\"}\n", cfg.tool, cfg.scenario, curl_version());
        return 0;
    }
    if (cfg.http2 && !strcmp(cfg.http2, "prior") && curl_version_info(CURLVERSION_NOW)->version_num < 0x080000) {
        printf("{\"tool\":\"%s\",\"scenario\":\"%s\",\"unsupported\":true,\"error\":\"libcurl %s fails h2c "
               "prior knowledge on a reused connection (curl issue 10634, fixed in 8.0.0)\"}\n",
               cfg.tool, cfg.scenario, curl_version_info(CURLVERSION_NOW)->version);
        return 0;
    }
    epfd = epoll_create1(0);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, multi);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, cfg.concurrency);
    if (cfg.http2) {
        curl_multi_setopt(multi, CURLMOPT_PIPELINING, (long) CURLPIPE_MULTIPLEX);
        curl_multi_setopt(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, cfg.streams);
        if (cfg.connections > 0) curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, cfg.connections);
    }

    char *body = NULL;
    struct curl_slist *headers = NULL;
    if (cfg.upload > 0) {
        body = malloc(cfg.upload);
        for (long i = 0; i < cfg.upload; i++) body[i] = (char) ('a' + i % 26);
        headers = curl_slist_append(headers, "Expect:");
    }
    if (cfg.close) headers = curl_slist_append(headers, "Connection: close");
    if (cfg.rate > 0) return run_open(multi, body, headers);

    long live = 0;
    double start = now();
    for (long i = 0; i < cfg.concurrency; i++) {
        if (!next_request()) continue;
        curl_multi_add_handle(multi, new_slot(body, headers)->easy);
        live++;
    }

    /* phase marks: a = start of the measured window, b = its end */
    int timed = cfg.requests <= 0;
    double mark_a = timed ? start + cfg.warmup : start;
    double mark_b = timed ? mark_a + cfg.seconds : 0;
    double sample_at = (!timed && cfg.sample > 0) ? start + cfg.sample : 0;
    double give_up = start + (timed ? cfg.warmup + cfg.seconds + 30 : (cfg.seconds * 4 > 60 ? cfg.seconds * 4 : 60));
    int have_a = !timed, have_b = 0;
    double a_t = start, a_cpu = cpu_seconds(), b_t = 0, b_cpu = 0, a_sys = sys_seconds(), b_sys = 0;
    long long a_ok = 0, a_bytes = 0, b_ok = 0, b_bytes = 0, a_conn = 0, b_conn = 0, a_res = 0, b_res = 0;
    long threads = -1;
    int running = 0;
    struct epoll_event evs[1024];

    while (live > 0) {
        double t = now();
        if (!have_a && t >= mark_a) {
            have_a = 1; a_t = t; a_cpu = cpu_seconds(); a_sys = sys_seconds(); a_ok = ok_count; a_bytes = body_bytes;
            a_conn = connects; a_res = resumed;
        }
        if (timed && have_a && !have_b && t >= mark_b) {
            have_b = 1; b_t = t; b_cpu = cpu_seconds(); b_sys = sys_seconds(); b_ok = ok_count; b_bytes = body_bytes;
            b_conn = connects; b_res = resumed;
            threads = status_value("Threads:");
            stop = 1;
        }
        if (sample_at > 0 && t >= sample_at) {
            sample_at = 0;
            threads = status_value("Threads:");
        }
        if (t > give_up) {
            char why[96];
            snprintf(why, sizeof why, "gave up waiting for %ld transfers", live);
            failed(why);
            break;
        }
        long wait = 100;
        if (timer_ms >= 0) {
            long left = (long) ((timer_at + timer_ms / 1000.0 - t) * 1000.0 + 0.999);
            if (left < 0) left = 0;
            if (left < wait) wait = left;
        }
        double next_mark = !have_a ? mark_a : (timed && !have_b) ? mark_b : sample_at;
        if (next_mark > 0) {
            long left = (long) ((next_mark - t) * 1000.0) + 1;
            if (left < wait) wait = left < 0 ? 0 : left;
        }
        int n = epoll_wait(epfd, evs, 1024, (int) wait);
        for (int i = 0; i < n; i++) {
            int ev = 0;
            if (evs[i].events & (EPOLLIN | EPOLLHUP)) ev |= CURL_CSELECT_IN;
            if (evs[i].events & EPOLLOUT) ev |= CURL_CSELECT_OUT;
            if (evs[i].events & EPOLLERR) ev |= CURL_CSELECT_ERR;
            curl_multi_socket_action(multi, evs[i].data.fd, ev, &running);
        }
        if (timer_ms >= 0 && now() >= timer_at + timer_ms / 1000.0) {
            timer_ms = -1;
            curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
        }
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(multi, &left))) {
            if (m->msg != CURLMSG_DONE) continue;
            CURL *e = m->easy_handle;
            struct slot *sl;
            count_done(e, m->data.result);
            curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **) &sl);
            sl->tls_checked = 0;
            curl_multi_remove_handle(multi, e);
            if (next_request()) {
                curl_multi_add_handle(multi, e);
            } else {
                curl_easy_cleanup(e);
                live--;
            }
        }
    }
    if (!timed) {
        b_t = now(); b_cpu = cpu_seconds(); b_sys = sys_seconds(); b_ok = ok_count; b_bytes = body_bytes;
        b_conn = connects; b_res = resumed;
    }
    double secs = b_t - a_t;
    long long reqs = b_ok - a_ok;
    double cpu = b_cpu - a_cpu;
    printf("{");
    json_str("tool", cfg.tool);
    json_str("scenario", cfg.scenario);
    printf("\"requests\":%lld,\"concurrency\":%ld,\"seconds\":%.4f,\"rps\":%.4f,\"mibps\":%.4f,"
           "\"failures\":%lld,\"cpu_seconds\":%.4f,\"cpu_us_per_req\":%.4f,\"peak_rss_mib\":%.4f,"
           "\"threads\":%ld,\"heap_mib\":-1,\"sys_share\":%.4f,",
           reqs, cfg.concurrency, secs, secs > 0 ? reqs / secs : 0.0,
           secs > 0 ? (cfg.upload > 0 ? (double) reqs * cfg.upload : (double) (b_bytes - a_bytes)) / 1048576.0 / secs
                    : 0.0,
           fail_count, cpu,
           reqs ? cpu * 1e6 / reqs : -1.0, status_value("VmHWM:") / 1024.0, threads,
           cpu > 0 ? (b_sys - a_sys) / cpu : -1.0);
    if (cfg.close)
        printf("\"connects\":%lld,\"resumed\":%lld,", b_conn - a_conn,
               strncmp(cfg.url, "https:", 6) == 0 ? b_res - a_res : -1LL);
    if (first_error[0]) json_str("error", first_error);
    printf("\"runtime\":\"%s\"}\n", curl_version());
    fflush(stdout);
    _exit(0);
}
