/*
 * The libcurl driver's open loop (rate=R), included by driver.c: request i is meant to go out
 * at start + i / R whatever happened to the earlier ones, at most concurrency in flight; its
 * latency runs from that intended time to its end (coordinated omission corrected, as wrk2 and
 * the Java drivers' OpenLoop measure). A timerfd in the epoll set wakes the loop at the next
 * intended time to the nanosecond (epoll_wait's own timeout counts whole milliseconds). The
 * latencies of the window's requests are kept, sorted, and read at p50, p99 and p99.9: exact
 * where the Java drivers' HdrHistogram keeps 3 significant digits.
 */

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* The value at or under which q percent of the n sorted values lie. */
static double percentile(const double *v, long n, double q) {
    if (n == 0) return -1;
    long i = (long) ceil(q / 100.0 * n) - 1;
    return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

static void arm(int tfd, double at) {
    struct itimerspec its = { { 0, 0 }, { 0, 0 } };
    if (at > 0) {
        its.it_value.tv_sec = (time_t) at;
        its.it_value.tv_nsec = (long) ((at - (double) (time_t) at) * 1e9);
        if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0) its.it_value.tv_nsec = 1;
    }
    timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static int run_open(CURLM *multi, char *body, struct curl_slist *headers) {
    double period = 1.0 / cfg.rate;
    double start = now() + 0.005, a = start + cfg.warmup, b = a + cfg.seconds;
    long cap = cfg.concurrency, nfree = 0, made = 0, live = 0;
    struct slot **pool = calloc(cap, sizeof *pool);
    long max_lat = (long) (cfg.rate * cfg.seconds) + 16, nlat = 0, window_done = 0, window_failed = 0;
    double *lat = malloc(max_lat * sizeof *lat), last_end = -1, cpu_a = -1, cpu_b = -1;
    long long next_i = 0;
    int running = 0, tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct epoll_event tev = { .events = EPOLLIN, .data.fd = tfd }, evs[1024];
    epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &tev);

    for (;;) {
        double t = now();
        if (cpu_a < 0 && t >= a) cpu_a = cpu_seconds();
        if (cpu_b < 0 && t >= b) cpu_b = cpu_seconds();
        /* every request whose time has come goes out, if a handle is free */
        double due;
        while ((due = start + next_i * period) < b && due <= t && (nfree > 0 || made < cap)) {
            struct slot *sl = nfree > 0 ? pool[--nfree] : (made++, new_slot(body, headers));
            sl->intended = due;
            sl->tls_checked = 0;
            curl_multi_add_handle(multi, sl->easy);
            live++;
            next_i++;
        }
        if (due >= b && live == 0) break;
        if (t > b + 30) { failed("gave up waiting for the open loop's requests"); break; }
        /* wake at the next intended time (when a handle is free for it), at libcurl's timer,
           at the window's marks, or after 100 ms */
        double wake = t + 0.1;
        if (due < b && (nfree > 0 || made < cap) && due < wake) wake = due;
        if (timer_ms >= 0 && timer_at + timer_ms / 1000.0 < wake) wake = timer_at + timer_ms / 1000.0;
        if (cpu_a < 0 && a < wake) wake = a;
        if (cpu_b < 0 && b < wake) wake = b;
        arm(tfd, wake > t ? wake : t + 1e-6);
        int n = epoll_wait(epfd, evs, 1024, 200);
        for (int i = 0; i < n; i++) {
            if (evs[i].data.fd == tfd) {
                uint64_t x;
                if (read(tfd, &x, sizeof x) < 0) { /* nothing to clear */ }
                continue;
            }
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
            double end = now();
            int ok = count_done(e, m->data.result);
            curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **) &sl);
            curl_multi_remove_handle(multi, e);
            pool[nfree++] = sl;
            live--;
            if (sl->intended >= a && sl->intended < b) {
                window_done++;
                if (!ok) window_failed++;
                else if (nlat < max_lat) lat[nlat++] = (end - sl->intended) * 1e6;
                if (end > last_end) last_end = end;
            }
        }
    }
    if (cpu_b < 0) cpu_b = cpu_seconds();
    qsort(lat, nlat, sizeof *lat, by_value);
    long intended = (long) floor(cfg.rate * cfg.seconds);
    double drain_ms = last_end < 0 ? -1 : (last_end > b ? (last_end - b) * 1000 : 0);
    long failures = window_failed + (long) fail_count;
    int sustained = window_done >= intended - 1 && failures == 0 && drain_ms >= 0 && drain_ms <= 100;
    double cpu = cpu_b - cpu_a;
    printf("{");
    json_str("tool", cfg.tool);
    json_str("scenario", cfg.scenario);
    printf("\"rate\":%.4f,\"requests\":%ld,\"concurrency\":%ld,\"seconds\":%.4f,\"rps\":%.4f,\"failures\":%ld,"
           "\"p50_us\":%.4f,\"p99_us\":%.4f,\"p999_us\":%.4f,\"max_us\":%.4f,\"drain_ms\":%.4f,"
           "\"sustained\":%s,\"cpu_seconds\":%.4f,\"cpu_us_per_req\":%.4f,\"peak_rss_mib\":%.4f,",
           cfg.rate, window_done, cfg.concurrency, cfg.seconds, window_done / cfg.seconds, failures,
           percentile(lat, nlat, 50), percentile(lat, nlat, 99), percentile(lat, nlat, 99.9),
           nlat ? lat[nlat - 1] : -1.0, drain_ms, sustained ? "true" : "false", cpu,
           window_done ? cpu * 1e6 / window_done : -1.0, status_value("VmHWM:") / 1024.0);
    if (first_error[0]) json_str("error", first_error);
    printf("\"runtime\":\"%s\"}\n", curl_version());
    fflush(stdout);
    _exit(0);
}
