package dev.hiper.internal.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The negotiation of permessage-deflate (RFC 7692 section 7.1) as a client makes it: hiper offers
 * the extension only when the application puts a {@code Sec-WebSocket-Extensions} line naming it
 * in {@code CURLOPT_HTTPHEADER} (the line goes out as the application wrote it), and checks the
 * 101's answer against that offer. An answer the offer does not allow (an extension not offered,
 * an unknown or repeated parameter, a value out of range, a {@code client_max_window_bits} the
 * client did not offer, a {@code server_max_window_bits} above the one offered) fails the upgrade
 * (RFC 6455 section 4.1, RFC 7692 section 5).
 *
 * <p>The result is a {@link Params}: whether each side resets its context after every message,
 * and the windows. hiper inflates any server window (8 to 15 bits: the JDK's inflater keeps 15);
 * its own deflater always uses a 15-bit window, so a server that limits the client's window
 * below 15 bits gets hiper's messages uncompressed, as section 6 allows.
 */
public final class PerMessageDeflate {
    /** The extension's token. */
    public static final String NAME = "permessage-deflate";

    /** What both sides agreed on. */
    public record Params(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits,
            int clientMaxWindowBits) {
        /** Whether hiper compresses what it sends: only with the full window its deflater uses. */
        public boolean compressSent() {
            return clientMaxWindowBits == 15;
        }
    }

    /** One element of an extension list: a name and its parameters ({@code null} value: none given). */
    record Element(String name, List<String[]> params) {
    }

    /** The offers hiper made (permessage-deflate elements only), or an empty list. */
    private final List<Element> offers;

    private PerMessageDeflate(List<Element> offers) {
        this.offers = offers;
    }

    /**
     * The offer in the application's {@code Sec-WebSocket-Extensions} value, or null when it
     * names no permessage-deflate (or is not a valid list).
     */
    public static PerMessageDeflate offered(String value) {
        if (value == null) {
            return null;
        }
        List<Element> all;
        try {
            all = parse(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
        List<Element> mine = new ArrayList<>();
        for (Element e : all) {
            if (e.name.equals(NAME)) {
                mine.add(e);
            }
        }
        return mine.isEmpty() ? null : new PerMessageDeflate(mine);
    }

    /**
     * Checks the 101's {@code Sec-WebSocket-Extensions} value ({@code answer}: the lines joined with
     * commas) against the offer ({@code offer}, null when none was made). Returns the agreed
     * parameters, null when the server took no extension.
     *
     * @throws IllegalArgumentException with the reason, when the answer is not acceptable
     */
    public static Params accept(PerMessageDeflate offer, String answer) {
        if (answer == null || answer.isBlank()) {
            return null;
        }
        List<Element> elements = parse(answer);
        if (elements.isEmpty()) {
            return null;
        }
        if (elements.size() > 1) {
            throw new IllegalArgumentException("more than one extension in the answer: " + answer.trim());
        }
        Element e = elements.get(0);
        if (!e.name.equals(NAME) || offer == null) {
            throw new IllegalArgumentException("the server chose " + e.name + ", which was not offered");
        }
        String problem = null;
        for (Element o : offer.offers) {
            problem = check(e, o);
            if (problem == null) {
                break;
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        boolean snct = false;
        boolean cnct = false;
        int sBits = 15;
        int cBits = 15;
        for (String[] p : e.params) {
            switch (p[0]) {
                case "server_no_context_takeover" -> snct = true;
                case "client_no_context_takeover" -> cnct = true;
                case "server_max_window_bits" -> sBits = Integer.parseInt(p[1]);
                default -> cBits = Integer.parseInt(p[1]);
            }
        }
        return new Params(snct, cnct, sBits, cBits);
    }

    /** Why {@code answer} does not fit {@code offer}, or null when it does. */
    private static String check(Element answer, Element offer) {
        List<String> seen = new ArrayList<>();
        for (String[] p : answer.params) {
            String name = p[0];
            if (seen.contains(name)) {
                return "permessage-deflate parameter repeated: " + name;
            }
            seen.add(name);
            switch (name) {
                case "server_no_context_takeover", "client_no_context_takeover" -> {
                    if (p[1] != null) {
                        return "permessage-deflate parameter with a value: " + name + "=" + p[1];
                    }
                }
                case "server_max_window_bits" -> {
                    int bits = bits(p[1]);
                    if (bits < 0) {
                        return "invalid permessage-deflate value: " + name + "=" + p[1];
                    }
                    String[] o = find(offer, name);
                    if (o != null && o[1] != null && bits > bits(o[1])) {
                        return "server_max_window_bits=" + bits + " is larger than the " + o[1] + " offered";
                    }
                }
                case "client_max_window_bits" -> {
                    int bits = bits(p[1]);
                    if (bits < 0) {
                        return "invalid permessage-deflate value: " + name + "=" + p[1];
                    }
                    String[] o = find(offer, name);
                    if (o == null) {
                        return "client_max_window_bits in the answer was not offered";
                    }
                    if (o[1] != null && bits > bits(o[1])) {
                        return "client_max_window_bits=" + bits + " is larger than the " + o[1] + " offered";
                    }
                }
                default -> {
                    return "unknown permessage-deflate parameter: " + name;
                }
            }
        }
        return null;
    }

    private static String[] find(Element e, String name) {
        for (String[] p : e.params) {
            if (p[0].equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** A window size value: 8 to 15 without leading zeros, else -1. */
    private static int bits(String v) {
        if (v == null || v.isEmpty() || v.length() > 2 || v.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return -1;
            }
        }
        int n = Integer.parseInt(v);
        return n >= 8 && n <= 15 ? n : -1;
    }

    /**
     * RFC 6455 section 9.1's extension list: elements split by commas, parameters by semicolons,
     * a value a token or a quoted string. Names are compared without case.
     */
    static List<Element> parse(String value) {
        List<Element> out = new ArrayList<>();
        for (String element : value.split(",", -1)) {
            if (element.isBlank()) {
                continue;
            }
            String[] parts = element.split(";", -1);
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("an extension without a name: " + value.trim());
            }
            List<String[]> params = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("an empty extension parameter: " + value.trim());
                }
                int eq = p.indexOf('=');
                String n = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String v = eq < 0 ? null : p.substring(eq + 1).trim();
                if (v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                params.add(new String[] {n, v});
            }
            out.add(new Element(name, params));
        }
        return out;
    }
}
