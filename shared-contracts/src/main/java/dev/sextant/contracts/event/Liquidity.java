package dev.sextant.contracts.event;

/** Whether a fill took liquidity from the book (taker) or rested in it (maker). */
public enum Liquidity {
    TAKER,
    MAKER
}
