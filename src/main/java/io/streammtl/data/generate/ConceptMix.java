package io.streammtl.data.generate;

/** Which concept a row follows: {@code after} with probability {@code share}, otherwise {@code before}. */
public record ConceptMix(int before, int after, double share) {
    /** A row that follows one concept for sure. */
    public static ConceptMix pure(int concept) {
        return new ConceptMix(concept, concept, 0);
    }

    /** Whether the row lies inside a transition between two concepts. */
    public boolean inTransition() {
        return before != after;
    }

    /** The concept that a uniform draw in [0, 1) picks. */
    public int pick(double uniform) {
        return uniform < share ? after : before;
    }
}
