package io.iron.engine.store.bank;

/**
 * A bank row broke an invariant ({@code total_allocated = total_spent + budget_remaining}, or a lease's
 * {@code budget_spent + returned_amount <= budget_granted}). The transaction that saw it was rolled back; the message
 * names the row and its numbers so that an operator can repair a row changed by hand.
 */
public final class BankInvariantException extends IllegalStateException {
    public BankInvariantException(String message) {
        super(message);
    }
}
