package dev.hiper.loop;

/** What a {@link LoopAudit} knows of one socket. Not part of the API. */
final class AuditWatch {
    /** The last {@code what} told, 0 after REMOVE. */
    int asked;
    /** IN/OUT bits a socketAction may carry now: what is asked, plus what was asked since the socket's last action. */
    int allowed;
    boolean removed;
    /** One late event after REMOVE is fine (a batch of ready keys collected before it). */
    boolean lateEventAllowed;
    long removedAt;
    boolean reported;
}
