package dev.hiper.internal.mime;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.transfer.EasyHandle;

/** {@code CURLOPT_MIMEPOST} on an easy handle: libcurl's HTTPREQ_POST_MIME request kind. */
public final class MimePost {
    private MimePost() {
    }

    /** Sets the multipart to POST (null: none); a POST from then on, as libcurl does. */
    public static CurlCode set(EasyHandle h, MimeTree tree) {
        h.own().mimePost = tree;
        if (tree != null) {
            h.post = true;
            h.postFields = null;
            h.upload = false;
            h.noBody = false;
        }
        return CurlCode.CURLE_OK;
    }

    /** The multipart the handle's next POST sends: null when none, or when POSTFIELDS took over. */
    public static MimeTree body(EasyHandle h) {
        return h.post && h.postFields == null ? h.seldom.mimePost : null;
    }
}
