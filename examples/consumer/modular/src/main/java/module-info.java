/** An application that uses hiper as a named module. */
module dev.hiper.example.modular {
    requires dev.hiper.core;
    requires jdk.httpserver; // the small server on loopback that the example fetches from
}
