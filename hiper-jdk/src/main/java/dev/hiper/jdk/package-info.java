/**
 * {@link java.net.http.HttpClient} on hiper's engine: {@link dev.hiper.jdk.HiperHttpClient}.
 */
package dev.hiper.jdk;
