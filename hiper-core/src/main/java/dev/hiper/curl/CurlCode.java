package dev.hiper.curl;

/**
 * The result of one transfer: libcurl's {@code CURLcode}, with libcurl's numbers.
 *
 * <p>{@link #code()} is the number a C program would see, and the exit code the
 * {@code hiper} command uses; {@link #strerror()} is the generic text of
 * {@code curl_easy_strerror}. The message that names the cause of one transfer's
 * failure is in {@link CurlEasy#errorBuffer()}.
 */
public enum CurlCode {
    /** Success. */
    CURLE_OK(0, "No error"),
    /**
     * A scheme hiper does not speak; an HTTP/0.9 reply without {@code CURLOPT_HTTP09_ALLOWED}; an
     * HTTP version other than 1.0 or 1.1, or a status line that is not {@code HTTP/1.x DDD} with a
     * code of 100 or more. Also from setting {@code CURLOPT_HTTP_VERSION} to an HTTP/2 or HTTP/3
     * value.
     */
    CURLE_UNSUPPORTED_PROTOCOL(1, "Unsupported protocol"),
    /**
     * Setting up failed: from {@link CurlEasy#perform()} on a handle that is in a multi, or when
     * its private multi and loop cannot start the transfer.
     */
    CURLE_FAILED_INIT(2, "Failed initialization"),
    /** A URL that does not parse (spaces, a bad port or host), or no URL at all. */
    CURLE_URL_MALFORMAT(3, "URL using bad/illegal format or missing URL"),
    /**
     * A feature or option this build lacks: {@code CURLOPT_HTTPAUTH} with only schemes hiper does
     * not have.
     */
    CURLE_NOT_BUILT_IN(4, "A requested feature, protocol or option was not found built-in in this libcurl due to a build-time decision."),
    /** The proxy's name could not be resolved (hiper has no proxy support yet). */
    CURLE_COULDNT_RESOLVE_PROXY(5, "Could not resolve proxy name"),
    /** The host name has no address. */
    CURLE_COULDNT_RESOLVE_HOST(6, "Could not resolve hostname"),
    /** Every address of the host refused the connection or failed. */
    CURLE_COULDNT_CONNECT(7, "Could not connect to server"),
    /**
     * A malformed response header (no colon, a NUL or bare CR, a bad or conflicting
     * {@code Content-Length}), or a reply not starting with {@code HTTP/} on a connection that
     * already carried one.
     */
    CURLE_WEIRD_SERVER_REPLY(8, "Weird server reply"),
    /**
     * The server denied access to the resource (FTP and other protocols; not HTTP, where it is a
     * status code).
     */
    CURLE_REMOTE_ACCESS_DENIED(9, "Access denied to remote resource"),
    /** FTP: the server failed to connect back to the data port. */
    CURLE_FTP_ACCEPT_FAILED(10, "FTP: The server failed to connect to data port"),
    /** FTP: an unexpected reply to the password. */
    CURLE_FTP_WEIRD_PASS_REPLY(11, "FTP: unknown PASS reply"),
    /** FTP: the server did not connect back to the data port in time. */
    CURLE_FTP_ACCEPT_TIMEOUT(12, "FTP: Accepting server connect has timed out"),
    /** FTP: an unexpected reply to {@code PASV} or {@code EPSV}. */
    CURLE_FTP_WEIRD_PASV_REPLY(13, "FTP: unknown PASV reply"),
    /** FTP: a {@code 227} reply that could not be parsed. */
    CURLE_FTP_WEIRD_227_FORMAT(14, "FTP: unknown 227 response format"),
    /** FTP: the host named in the passive-mode reply could not be found. */
    CURLE_FTP_CANT_GET_HOST(15, "FTP: cannot figure out the host in the PASV response"),
    /** A problem in the HTTP/2 framing layer (hiper has no HTTP/2 yet). */
    CURLE_HTTP2(16, "Error in the HTTP2 framing layer"),
    /** FTP: the transfer mode (binary or ASCII) could not be set. */
    CURLE_FTP_COULDNT_SET_TYPE(17, "FTP: could not set file type"),
    /** The response body ended before its announced length. */
    CURLE_PARTIAL_FILE(18, "Transferred a partial file"),
    /** FTP: the {@code RETR} command failed. */
    CURLE_FTP_COULDNT_RETR_FILE(19, "FTP: could not retrieve (RETR failed) the specified file"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE20(20, "Unknown error"),
    /** A custom quote command got an error reply (FTP, SFTP). */
    CURLE_QUOTE_ERROR(21, "Quote command returned error"),
    /** A response code of 400 or more, with {@code CURLOPT_FAILONERROR}. */
    CURLE_HTTP_RETURNED_ERROR(22, "HTTP response code said error"),
    /** The write or header callback took fewer bytes than given, or threw. */
    CURLE_WRITE_ERROR(23, "Failed writing received data to disk/application"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE24(24, "Unknown error"),
    /**
     * The upload could not start: a body of unknown size (chunked) with
     * {@code CURL_HTTP_VERSION_1_0}, which has no chunked encoding.
     */
    CURLE_UPLOAD_FAILED(25, "Upload failed (at start/before it took off)"),
    /**
     * The upload's data could not be read: the read callback ended before the announced size,
     * returned a value out of range, or threw.
     */
    CURLE_READ_ERROR(26, "Failed to open/read local data from file/application"),
    /** libcurl could not allocate memory. */
    CURLE_OUT_OF_MEMORY(27, "Out of memory"),
    /**
     * {@code CURLOPT_TIMEOUT_MS} or {@code CURLOPT_CONNECTTIMEOUT_MS} ran out (the latter covers
     * the TLS handshake).
     */
    CURLE_OPERATION_TIMEDOUT(28, "Timeout was reached"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE29(29, "Unknown error"),
    /** FTP: the {@code PORT} command failed. */
    CURLE_FTP_PORT_FAILED(30, "FTP: command PORT failed"),
    /** FTP: the {@code REST} command failed. */
    CURLE_FTP_COULDNT_USE_REST(31, "FTP: command REST failed"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE32(32, "Unknown error"),
    /** A resumed download or a range request that the server answered without the range asked for. */
    CURLE_RANGE_ERROR(33, "Requested range was not delivered by the server"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE34(34, "Unknown error"),
    /** The TLS handshake failed: an alert from the server, no common version or cipher. */
    CURLE_SSL_CONNECT_ERROR(35, "SSL connect error"),
    /** A download could not be resumed at the offset asked for. */
    CURLE_BAD_DOWNLOAD_RESUME(36, "Could not resume download"),
    /** A {@code file://} URL's file could not be read. */
    CURLE_FILE_COULDNT_READ_FILE(37, "Could not read a file:// file"),
    /** LDAP: the bind failed. */
    CURLE_LDAP_CANNOT_BIND(38, "LDAP: cannot bind"),
    /** LDAP: the search failed. */
    CURLE_LDAP_SEARCH_FAILED(39, "LDAP: search failed"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE40(40, "Unknown error"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE41(41, "Unknown error"),
    /**
     * A callback asked to stop: the progress or read callback aborted, or the socket or timer
     * callback returned -1. Also the result of transfers ended by {@code shutdownNow()} of a loop
     * driver.
     */
    CURLE_ABORTED_BY_CALLBACK(42, "Operation was aborted by an application callback"),
    /**
     * A value out of range given to {@link CurlEasy#setopt}; also a transfer ended by an internal
     * error in hiper.
     */
    CURLE_BAD_FUNCTION_ARGUMENT(43, "A libcurl function was given a bad argument"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE44(44, "Unknown error"),
    /** {@code CURLOPT_INTERFACE} names no usable local address. */
    CURLE_INTERFACE_FAILED(45, "Failed binding local connection end"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE46(46, "Unknown error"),
    /** More redirects than {@code CURLOPT_MAXREDIRS} allows (hiper follows no redirect yet). */
    CURLE_TOO_MANY_REDIRECTS(47, "Number of redirects hit maximum amount"),
    /** From {@link CurlEasy#setopt}: an option this build does not support. */
    CURLE_UNKNOWN_OPTION(48, "An unknown option was passed in to libcurl"),
    /** A malformed {@code CURLOPT_RESOLVE} or {@code CURLOPT_CONNECT_TO} entry. */
    CURLE_SETOPT_OPTION_SYNTAX(49, "Malformed option provided in a setopt"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE50(50, "Unknown error"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE51(51, "Unknown error"),
    /** The server closed the connection before the head of its final response was complete. */
    CURLE_GOT_NOTHING(52, "Server returned nothing (no headers, no data)"),
    /** The OpenSSL crypto engine asked for was not found. */
    CURLE_SSL_ENGINE_NOTFOUND(53, "SSL crypto engine not found"),
    /** The OpenSSL crypto engine could not be made the default. */
    CURLE_SSL_ENGINE_SETFAILED(54, "Can not set SSL crypto engine as default"),
    /** The connection failed while sending. */
    CURLE_SEND_ERROR(55, "Failed sending data to the peer"),
    /**
     * The connection failed while receiving; also a malformed chunked body, or response headers
     * over 300 KiB in all.
     */
    CURLE_RECV_ERROR(56, "Failure when receiving data from the peer"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE57(57, "Unknown error"),
    /**
     * The client certificate or key cannot be used: unreadable, a wrong password, or a key that
     * does not match.
     */
    CURLE_SSL_CERTPROBLEM(58, "Problem with the local SSL certificate"),
    /** A cipher suite name the JDK has no suite for. */
    CURLE_SSL_CIPHER(59, "Could not use specified SSL cipher"),
    /** The server's certificate did not verify: untrusted, expired, or not for this host name. */
    CURLE_PEER_FAILED_VERIFICATION(60, "SSL peer certificate or SSH remote key was not OK"),
    /**
     * An encoding the response cannot be decoded from: {@code chunked} in {@code Transfer-Encoding}
     * more than once, or not last.
     */
    CURLE_BAD_CONTENT_ENCODING(61, "Unrecognized or bad HTTP Content or Transfer-Encoding"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE62(62, "Unknown error"),
    /** A response body over {@code CURLOPT_MAXFILESIZE_LARGE}. */
    CURLE_FILESIZE_EXCEEDED(63, "Maximum file size exceeded"),
    /**
     * TLS was required ({@code CURLOPT_USE_SSL}) and the server does not offer it (FTP, IMAP, POP3,
     * SMTP).
     */
    CURLE_USE_SSL_FAILED(64, "Requested SSL level failed"),
    /**
     * A request must be sent again, its body came from the read callback, and no
     * {@code CURLOPT_SEEKFUNCTION} rewound it.
     */
    CURLE_SEND_FAIL_REWIND(65, "Send failed since rewinding of the data stream failed"),
    /** The OpenSSL crypto engine failed to start. */
    CURLE_SSL_ENGINE_INITFAILED(66, "Failed to initialise SSL crypto engine"),
    /** The server refused the login (FTP, IMAP, POP3, SMTP and others). */
    CURLE_LOGIN_DENIED(67, "Login denied"),
    /** TFTP: file not found. */
    CURLE_TFTP_NOTFOUND(68, "TFTP: File Not Found"),
    /** TFTP: permission denied. */
    CURLE_TFTP_PERM(69, "TFTP: Access Violation"),
    /** The server's disk is full or its quota exceeded (FTP, TFTP and others). */
    CURLE_REMOTE_DISK_FULL(70, "Disk full or allocation exceeded"),
    /** TFTP: an illegal operation. */
    CURLE_TFTP_ILLEGAL(71, "TFTP: Illegal operation"),
    /** TFTP: an unknown transfer ID. */
    CURLE_TFTP_UNKNOWNID(72, "TFTP: Unknown transfer ID"),
    /** The file to upload already exists and would not be overwritten (FTP, SFTP). */
    CURLE_REMOTE_FILE_EXISTS(73, "Remote file already exists"),
    /** TFTP: no such user. */
    CURLE_TFTP_NOSUCHUSER(74, "TFTP: No such user"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE75(75, "Unknown error"),
    /** A number libcurl no longer uses; kept so that the numbers match. */
    CURLE_OBSOLETE76(76, "Unknown error"),
    /** {@code CURLOPT_CAINFO} or {@code CURLOPT_CAPATH} cannot be read. */
    CURLE_SSL_CACERT_BADFILE(77, "Problem with the SSL CA cert (path? access rights?)"),
    /** The resource does not exist (FTP, SFTP and others; not HTTP, where it is a 404). */
    CURLE_REMOTE_FILE_NOT_FOUND(78, "Remote file not found"),
    /** An error in the SSH layer (SCP, SFTP). */
    CURLE_SSH(79, "Error in the SSH layer"),
    /** The TLS connection could not be shut down cleanly. */
    CURLE_SSL_SHUTDOWN_FAILED(80, "Failed to shut down the SSL connection"),
    /** The socket is not ready to send or receive now; try again when it is. */
    CURLE_AGAIN(81, "Socket not ready for send/recv"),
    /** The certificate revocation list file could not be loaded. */
    CURLE_SSL_CRL_BADFILE(82, "Failed to load CRL file (path? access rights?, format?)"),
    /** The server certificate's issuer did not match the one required. */
    CURLE_SSL_ISSUER_ERROR(83, "Issuer check against peer certificate failed"),
    /** FTP: the server did not accept the {@code PRET} command. */
    CURLE_FTP_PRET_FAILED(84, "FTP: The server did not accept the PRET command."),
    /** RTSP: the CSeq numbers did not match. */
    CURLE_RTSP_CSEQ_ERROR(85, "RTSP CSeq mismatch or invalid CSeqs"),
    /** RTSP: the session IDs did not match. */
    CURLE_RTSP_SESSION_ERROR(86, "RTSP session error"),
    /** FTP: a directory listing could not be parsed. */
    CURLE_FTP_BAD_FILE_LIST(87, "Unable to parse FTP file list"),
    /** A chunk callback (FTP wildcard transfers) reported an error. */
    CURLE_CHUNK_FAILED(88, "Chunk callback failed"),
    /** No connection was available under the limits; libcurl uses it internally and never returns it. */
    CURLE_NO_CONNECTION_AVAILABLE(89, "The max connection limit is reached"),
    /** The server's public key is not the one pinned with {@code CURLOPT_PINNEDPUBLICKEY}. */
    CURLE_SSL_PINNEDPUBKEYNOTMATCH(90, "SSL public key does not match pinned public key"),
    /** The server certificate's revocation status (OCSP stapling) was not good. */
    CURLE_SSL_INVALIDCERTSTATUS(91, "SSL server certificate status verification FAILED"),
    /** An error on one HTTP/2 stream (hiper has no HTTP/2 yet). */
    CURLE_HTTP2_STREAM(92, "Stream error in the HTTP/2 framing layer"),
    /** A function called from inside a callback where that is not allowed. */
    CURLE_RECURSIVE_API_CALL(93, "API function called from within callback"),
    /** An authentication function failed. */
    CURLE_AUTH_ERROR(94, "An authentication function returned an error"),
    /** An HTTP/3 error (hiper has no HTTP/3). */
    CURLE_HTTP3(95, "HTTP/3 error"),
    /** A QUIC connection error (hiper has no HTTP/3). */
    CURLE_QUIC_CONNECT_ERROR(96, "QUIC connection error"),
    /** A proxy handshake failed (hiper has no proxy support yet). */
    CURLE_PROXY(97, "proxy handshake error"),
    /** The server requires a client certificate and none was given. */
    CURLE_SSL_CLIENTCERT(98, "SSL Client Certificate required"),
    /**
     * Waiting for the sockets failed beyond recovery: from {@link CurlEasy#perform()} when its
     * event loop failed.
     */
    CURLE_UNRECOVERABLE_POLL(99, "Unrecoverable error in select/poll"),
    /** A response header line over 100 KiB, or more than 5,000 header fields (libcurl's limits). */
    CURLE_TOO_LARGE(100, "A value or data field grew larger than allowed"),
    /** Encrypted Client Hello was required and could not be done. */
    CURLE_ECH_REQUIRED(101, "ECH attempted but failed");

    private static final CurlCode[] BY_CODE;

    static {
        CurlCode[] values = values();
        BY_CODE = new CurlCode[values.length];
        for (CurlCode c : values) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final String text;

    CurlCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /**
     * The number a C program sees.
     *
     * @return libcurl's number for this code
     */
    public int code() {
        return code;
    }

    /**
     * {@code curl_easy_strerror()}.
     *
     * @return the generic description of this code, as libcurl words it
     */
    public String strerror() {
        return text;
    }

    /**
     * The constant for a number.
     *
     * @param code libcurl's number
     * @return the constant with that number, or null if there is none
     */
    public static CurlCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
