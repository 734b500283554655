package dev.hiper.cli.args;

/**
 * One URL of an operation with what goes with it: curl pairs the Nth URL with the Nth
 * {@code -o}/{@code -O} and the Nth {@code -T}, whatever their order on the command line.
 *
 * @param url the URL as given (a byte string; may hold glob patterns), or null when more
 *     outputs or uploads than URLs were given
 * @param outfile the {@code -o} name, or null
 * @param useRemote {@code -O}: name the output after the URL
 * @param hasOutput whether {@code -o}/{@code -O}/{@code --no-remote-name} claimed this node
 * @param infile the {@code -T} name, or null
 * @param noUpload {@code -T ""}: explicitly no upload for this URL
 */
public record UrlNode(String url, String outfile, boolean useRemote, boolean hasOutput, String infile,
        boolean noUpload) {

    /** The mutable twin the parser fills. */
    static final class Builder {
        String url;
        String outfile;
        boolean useRemote;
        boolean hasOutput;
        String infile;
        boolean hasUpload;
        boolean noUpload;

        UrlNode build() {
            return new UrlNode(url, outfile, useRemote, hasOutput, infile, noUpload);
        }
    }
}
