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
    CURLE_OK(0, "No error"),
    CURLE_UNSUPPORTED_PROTOCOL(1, "Unsupported protocol"),
    CURLE_FAILED_INIT(2, "Failed initialization"),
    CURLE_URL_MALFORMAT(3, "URL using bad/illegal format or missing URL"),
    CURLE_NOT_BUILT_IN(4, "A requested feature, protocol or option was not found built-in in this libcurl due to a build-time decision."),
    CURLE_COULDNT_RESOLVE_PROXY(5, "Could not resolve proxy name"),
    CURLE_COULDNT_RESOLVE_HOST(6, "Could not resolve hostname"),
    CURLE_COULDNT_CONNECT(7, "Could not connect to server"),
    CURLE_WEIRD_SERVER_REPLY(8, "Weird server reply"),
    CURLE_REMOTE_ACCESS_DENIED(9, "Access denied to remote resource"),
    CURLE_FTP_ACCEPT_FAILED(10, "FTP: The server failed to connect to data port"),
    CURLE_FTP_WEIRD_PASS_REPLY(11, "FTP: unknown PASS reply"),
    CURLE_FTP_ACCEPT_TIMEOUT(12, "FTP: Accepting server connect has timed out"),
    CURLE_FTP_WEIRD_PASV_REPLY(13, "FTP: unknown PASV reply"),
    CURLE_FTP_WEIRD_227_FORMAT(14, "FTP: unknown 227 response format"),
    CURLE_FTP_CANT_GET_HOST(15, "FTP: cannot figure out the host in the PASV response"),
    CURLE_HTTP2(16, "Error in the HTTP2 framing layer"),
    CURLE_FTP_COULDNT_SET_TYPE(17, "FTP: could not set file type"),
    CURLE_PARTIAL_FILE(18, "Transferred a partial file"),
    CURLE_FTP_COULDNT_RETR_FILE(19, "FTP: could not retrieve (RETR failed) the specified file"),
    CURLE_OBSOLETE20(20, "Unknown error"),
    CURLE_QUOTE_ERROR(21, "Quote command returned error"),
    CURLE_HTTP_RETURNED_ERROR(22, "HTTP response code said error"),
    CURLE_WRITE_ERROR(23, "Failed writing received data to disk/application"),
    CURLE_OBSOLETE24(24, "Unknown error"),
    CURLE_UPLOAD_FAILED(25, "Upload failed (at start/before it took off)"),
    CURLE_READ_ERROR(26, "Failed to open/read local data from file/application"),
    CURLE_OUT_OF_MEMORY(27, "Out of memory"),
    CURLE_OPERATION_TIMEDOUT(28, "Timeout was reached"),
    CURLE_OBSOLETE29(29, "Unknown error"),
    CURLE_FTP_PORT_FAILED(30, "FTP: command PORT failed"),
    CURLE_FTP_COULDNT_USE_REST(31, "FTP: command REST failed"),
    CURLE_OBSOLETE32(32, "Unknown error"),
    CURLE_RANGE_ERROR(33, "Requested range was not delivered by the server"),
    CURLE_OBSOLETE34(34, "Unknown error"),
    CURLE_SSL_CONNECT_ERROR(35, "SSL connect error"),
    CURLE_BAD_DOWNLOAD_RESUME(36, "Could not resume download"),
    CURLE_FILE_COULDNT_READ_FILE(37, "Could not read a file:// file"),
    CURLE_LDAP_CANNOT_BIND(38, "LDAP: cannot bind"),
    CURLE_LDAP_SEARCH_FAILED(39, "LDAP: search failed"),
    CURLE_OBSOLETE40(40, "Unknown error"),
    CURLE_OBSOLETE41(41, "Unknown error"),
    CURLE_ABORTED_BY_CALLBACK(42, "Operation was aborted by an application callback"),
    CURLE_BAD_FUNCTION_ARGUMENT(43, "A libcurl function was given a bad argument"),
    CURLE_OBSOLETE44(44, "Unknown error"),
    CURLE_INTERFACE_FAILED(45, "Failed binding local connection end"),
    CURLE_OBSOLETE46(46, "Unknown error"),
    CURLE_TOO_MANY_REDIRECTS(47, "Number of redirects hit maximum amount"),
    CURLE_UNKNOWN_OPTION(48, "An unknown option was passed in to libcurl"),
    CURLE_SETOPT_OPTION_SYNTAX(49, "Malformed option provided in a setopt"),
    CURLE_OBSOLETE50(50, "Unknown error"),
    CURLE_OBSOLETE51(51, "Unknown error"),
    CURLE_GOT_NOTHING(52, "Server returned nothing (no headers, no data)"),
    CURLE_SSL_ENGINE_NOTFOUND(53, "SSL crypto engine not found"),
    CURLE_SSL_ENGINE_SETFAILED(54, "Can not set SSL crypto engine as default"),
    CURLE_SEND_ERROR(55, "Failed sending data to the peer"),
    CURLE_RECV_ERROR(56, "Failure when receiving data from the peer"),
    CURLE_OBSOLETE57(57, "Unknown error"),
    CURLE_SSL_CERTPROBLEM(58, "Problem with the local SSL certificate"),
    CURLE_SSL_CIPHER(59, "Could not use specified SSL cipher"),
    CURLE_PEER_FAILED_VERIFICATION(60, "SSL peer certificate or SSH remote key was not OK"),
    CURLE_BAD_CONTENT_ENCODING(61, "Unrecognized or bad HTTP Content or Transfer-Encoding"),
    CURLE_OBSOLETE62(62, "Unknown error"),
    CURLE_FILESIZE_EXCEEDED(63, "Maximum file size exceeded"),
    CURLE_USE_SSL_FAILED(64, "Requested SSL level failed"),
    CURLE_SEND_FAIL_REWIND(65, "Send failed since rewinding of the data stream failed"),
    CURLE_SSL_ENGINE_INITFAILED(66, "Failed to initialise SSL crypto engine"),
    CURLE_LOGIN_DENIED(67, "Login denied"),
    CURLE_TFTP_NOTFOUND(68, "TFTP: File Not Found"),
    CURLE_TFTP_PERM(69, "TFTP: Access Violation"),
    CURLE_REMOTE_DISK_FULL(70, "Disk full or allocation exceeded"),
    CURLE_TFTP_ILLEGAL(71, "TFTP: Illegal operation"),
    CURLE_TFTP_UNKNOWNID(72, "TFTP: Unknown transfer ID"),
    CURLE_REMOTE_FILE_EXISTS(73, "Remote file already exists"),
    CURLE_TFTP_NOSUCHUSER(74, "TFTP: No such user"),
    CURLE_OBSOLETE75(75, "Unknown error"),
    CURLE_OBSOLETE76(76, "Unknown error"),
    CURLE_SSL_CACERT_BADFILE(77, "Problem with the SSL CA cert (path? access rights?)"),
    CURLE_REMOTE_FILE_NOT_FOUND(78, "Remote file not found"),
    CURLE_SSH(79, "Error in the SSH layer"),
    CURLE_SSL_SHUTDOWN_FAILED(80, "Failed to shut down the SSL connection"),
    CURLE_AGAIN(81, "Socket not ready for send/recv"),
    CURLE_SSL_CRL_BADFILE(82, "Failed to load CRL file (path? access rights?, format?)"),
    CURLE_SSL_ISSUER_ERROR(83, "Issuer check against peer certificate failed"),
    CURLE_FTP_PRET_FAILED(84, "FTP: The server did not accept the PRET command."),
    CURLE_RTSP_CSEQ_ERROR(85, "RTSP CSeq mismatch or invalid CSeqs"),
    CURLE_RTSP_SESSION_ERROR(86, "RTSP session error"),
    CURLE_FTP_BAD_FILE_LIST(87, "Unable to parse FTP file list"),
    CURLE_CHUNK_FAILED(88, "Chunk callback failed"),
    CURLE_NO_CONNECTION_AVAILABLE(89, "The max connection limit is reached"),
    CURLE_SSL_PINNEDPUBKEYNOTMATCH(90, "SSL public key does not match pinned public key"),
    CURLE_SSL_INVALIDCERTSTATUS(91, "SSL server certificate status verification FAILED"),
    CURLE_HTTP2_STREAM(92, "Stream error in the HTTP/2 framing layer"),
    CURLE_RECURSIVE_API_CALL(93, "API function called from within callback"),
    CURLE_AUTH_ERROR(94, "An authentication function returned an error"),
    CURLE_HTTP3(95, "HTTP/3 error"),
    CURLE_QUIC_CONNECT_ERROR(96, "QUIC connection error"),
    CURLE_PROXY(97, "proxy handshake error"),
    CURLE_SSL_CLIENTCERT(98, "SSL Client Certificate required"),
    CURLE_UNRECOVERABLE_POLL(99, "Unrecoverable error in select/poll"),
    CURLE_TOO_LARGE(100, "A value or data field grew larger than allowed"),
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

    /** libcurl's number for this code. */
    public int code() {
        return code;
    }

    /** The generic description, as {@code curl_easy_strerror()} gives it. */
    public String strerror() {
        return text;
    }

    /** The constant with libcurl's number {@code code}, or null if there is none. */
    public static CurlCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
