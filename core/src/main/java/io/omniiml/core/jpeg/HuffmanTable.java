package io.omniiml.core.jpeg;

/**
 * A JPEG Huffman table prepared for decoding: a 9-bit lookup for the common short codes plus
 * libjpeg's maxcode/valptr arrays for the longer ones.
 */
final class HuffmanTable {
    static final int LOOKUP_BITS = 9;

    /** (length << 8) | symbol for every 9-bit prefix that starts with a code of at most 9 bits; 0 otherwise. */
    final int[] lookup = new int[1 << LOOKUP_BITS];
    /** Largest code of each length (index 1..16), -1 where no code has that length. */
    final int[] maxCode = new int[18];
    /** Index into {@link #symbols} of the first code of each length, minus that code. */
    final int[] valueOffset = new int[18];
    final int[] symbols;

    /**
     * @param counts  number of codes of each length 1..16 (index 0 unused)
     * @param symbols the symbols in code order
     * @throws IllegalArgumentException if the counts do not describe a valid prefix code
     */
    HuffmanTable(int[] counts, int[] symbols) {
        this.symbols = symbols;
        int code = 0;
        int k = 0;
        for (int len = 1; len <= 16; len++) {
            valueOffset[len] = k - code;
            if (counts[len] == 0) {
                maxCode[len] = -1;
            } else {
                for (int i = 0; i < counts[len]; i++, k++, code++) {
                    // Same rule as libjpeg (jdhuff.c): codes must fit in len bits, the all-ones code excluded.
                    if (code + 1 >= (1 << len)) {
                        throw new IllegalArgumentException("bad Huffman table (code lengths overflow)");
                    }
                    if (len <= LOOKUP_BITS) {
                        int shift = LOOKUP_BITS - len;
                        int first = code << shift;
                        for (int fill = 0; fill < (1 << shift); fill++) {
                            lookup[first + fill] = (len << 8) | symbols[k];
                        }
                    }
                }
                maxCode[len] = code - 1;
            }
            code <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE; // sentinel: no valid code is longer than 16 bits
    }
}
