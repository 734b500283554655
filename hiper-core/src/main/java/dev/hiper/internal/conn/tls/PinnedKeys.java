package dev.hiper.internal.conn.tls;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.conn.FilterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code CURLOPT_PINNEDPUBLICKEY}: the server's public key must be one of these. Either
 * "sha256//" followed by the base64 SHA-256 of the key's SubjectPublicKeyInfo, several joined
 * by ';', or the name of a file holding one public key (PEM "PUBLIC KEY" or DER). The check is
 * made after the handshake, whatever {@code CURLOPT_SSL_VERIFYPEER} says, as curl makes it; a
 * mismatch, or a pin that cannot be read, is {@code CURLE_SSL_PINNEDPUBKEYNOTMATCH} (90).
 */
final class PinnedKeys {
    private static final String SHA256 = "sha256//";

    private final List<byte[]> hashes;
    private final byte[] keyInfo;

    private PinnedKeys(List<byte[]> hashes, byte[] keyInfo) {
        this.hashes = hashes;
        this.keyInfo = keyInfo;
    }

    static PinnedKeys parse(String spec) throws FilterException {
        String s = spec.trim();
        if (s.startsWith(SHA256)) {
            List<byte[]> hashes = new ArrayList<>();
            for (String part : s.split(";")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (!p.startsWith(SHA256)) {
                    throw bad("pinned public key entry '" + p + "' does not start with sha256//");
                }
                try {
                    byte[] h = Base64.getDecoder().decode(p.substring(SHA256.length()));
                    if (h.length != 32) {
                        throw bad("pinned public key entry '" + p + "' is not a SHA-256 hash (" + h.length + " bytes)");
                    }
                    hashes.add(h);
                } catch (IllegalArgumentException e) {
                    throw bad("pinned public key entry '" + p + "' is not base64");
                }
            }
            return new PinnedKeys(hashes, null);
        }
        byte[] data;
        try {
            data = Files.readAllBytes(Path.of(s));
        } catch (IOException | RuntimeException e) {
            throw bad("could not read the pinned public key file '" + s + "': " + ClientIdentity.reason(e));
        }
        if (Pem.looksLikePem(data)) {
            try {
                for (Pem.Block b : Pem.parse(data)) {
                    if (b.type.equals("PUBLIC KEY")) {
                        return new PinnedKeys(List.of(), b.der);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw bad("the pinned public key file '" + s + "' is not valid PEM: " + e.getMessage());
            }
            throw bad("the pinned public key file '" + s + "' holds no PUBLIC KEY block");
        }
        return new PinnedKeys(List.of(), data);
    }

    boolean matches(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (keyInfo != null) {
            return Arrays.equals(keyInfo, spki);
        }
        byte[] h = sha256(spki);
        for (byte[] want : hashes) {
            if (MessageDigest.isEqual(want, h)) {
                return true;
            }
        }
        return false;
    }

    /** The key's pin, as it would be written: "sha256//base64". */
    static String pin(PublicKey key) {
        return SHA256 + Base64.getEncoder().encodeToString(sha256(key.getEncoded()));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static FilterException bad(String message) {
        return new FilterException(CurlCode.CURLE_SSL_PINNEDPUBKEYNOTMATCH, message);
    }
}
