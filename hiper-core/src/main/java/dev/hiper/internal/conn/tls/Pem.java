package dev.hiper.internal.conn.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PEM (RFC 7468) blocks and the little DER that key files need: pure, bytes in, values out.
 *
 * <p>Text outside the blocks is skipped, as OpenSSL skips it (a CA bundle has comments between
 * certificates). RFC 1421 headers ("Proc-Type", "DEK-Info") are kept so that a legacy encrypted
 * key can be named as such instead of failing as garbage.
 */
final class Pem {
    private Pem() {
    }

    /** One "-----BEGIN TYPE-----" ... "-----END TYPE-----" block. */
    static final class Block {
        final String type;
        final Map<String, String> headers;
        final byte[] der;

        Block(String type, Map<String, String> headers, byte[] der) {
            this.type = type;
            this.headers = headers;
            this.der = der;
        }
    }

    /** Whether the bytes look like PEM text (a BEGIN line somewhere near the start). */
    static boolean looksLikePem(byte[] data) {
        String head = new String(data, 0, Math.min(data.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    /** Every block in the text; a block whose base64 does not decode is an error. */
    static List<Block> parse(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        List<Block> out = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (!line.startsWith("-----BEGIN ") || !line.endsWith("-----")) {
                continue;
            }
            String type = line.substring(11, line.length() - 5).trim();
            String end = "-----END " + type + "-----";
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder b64 = new StringBuilder();
            boolean inHeaders = true;
            int j = i + 1;
            for (; j < lines.length; j++) {
                String l = lines[j].trim();
                if (l.equals(end)) {
                    break;
                }
                if (inHeaders && l.indexOf(':') > 0) {
                    int c = l.indexOf(':');
                    headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
                    continue;
                }
                inHeaders = false;
                b64.append(l);
            }
            if (j == lines.length) {
                throw new IllegalArgumentException("PEM block " + type + " has no END line");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(b64.toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM block " + type + " is not valid base64", e);
            }
            out.add(new Block(type, headers, der));
            i = j;
        }
        return out;
    }

    // ---- DER: just enough to rewrap PKCS#1 and SEC1 keys as PKCS#8 ----

    /** {tag, header length, content length} of the element at {@code off}. */
    static int[] header(byte[] b, int off) {
        if (off + 2 > b.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = b[off] & 0xff;
        int len = b[off + 1] & 0xff;
        int hl = 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || off + 2 + n > b.length) {
                throw new IllegalArgumentException("bad DER length");
            }
            len = 0;
            for (int k = 0; k < n; k++) {
                len = (len << 8) | (b[off + 2 + k] & 0xff);
            }
            hl += n;
        }
        if (off + hl + len > b.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new int[] {tag, hl, len};
    }

    /** A DER element: tag, length, then the parts' bytes. */
    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.write(p, 0, p.length);
        }
        int n = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        byte[] c = content.toByteArray();
        out.write(c, 0, c.length);
        return out.toByteArray();
    }

    private static final byte[] INTEGER_0 = {0x02, 0x01, 0x00};
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01};
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] NULL = {0x05, 0x00};

    /** A PKCS#1 RSAPrivateKey ("RSA PRIVATE KEY") as a PKCS#8 PrivateKeyInfo. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        return tlv(0x30, INTEGER_0, tlv(0x30, OID_RSA, NULL), tlv(0x04, pkcs1));
    }

    /** A SEC1 ECPrivateKey ("EC PRIVATE KEY", RFC 5915) as a PKCS#8 PrivateKeyInfo; its curve comes from [0]. */
    static byte[] sec1ToPkcs8(byte[] sec1) {
        int[] seq = header(sec1, 0);
        if (seq[0] != 0x30) {
            throw new IllegalArgumentException("EC key is not a DER sequence");
        }
        int p = seq[1];
        int end = seq[1] + seq[2];
        byte[] curve = null;
        while (p < end) {
            int[] h = header(sec1, p);
            if (h[0] == 0xa0) {
                int[] oid = header(sec1, p + h[1]);
                if (oid[0] != 0x06) {
                    throw new IllegalArgumentException("EC key names its curve by explicit parameters");
                }
                curve = java.util.Arrays.copyOfRange(sec1, p + h[1], p + h[1] + oid[1] + oid[2]);
            }
            p += h[1] + h[2];
        }
        if (curve == null) {
            throw new IllegalArgumentException("EC key does not name its curve");
        }
        return tlv(0x30, INTEGER_0, tlv(0x30, OID_EC, curve), tlv(0x04, sec1));
    }
}
