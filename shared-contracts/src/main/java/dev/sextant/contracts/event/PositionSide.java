package dev.sextant.contracts.event;

/** Direction of a position; FLAT when nothing is held. */
public enum PositionSide {
    LONG,
    SHORT,
    FLAT
}
