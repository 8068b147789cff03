-- The reward catalogue, the stock decision of every claim, and the coupons they issued
-- (docs/rewards.md; why a claim is all-or-nothing: docs/architecture.md, "Claims: one step
-- across two owners").
--
-- reward.remaining is the stock still available (NULL: unlimited). It is only changed by its
-- RewardGrain: set by a catalogue change, lowered by one in the transaction that records a
-- claim's decision as taken. reward_claim holds one decision per claim, final once written;
-- coupon exists exactly for the claims decided taken (until the customer is erased).

CREATE TABLE reward
(
    reward_id   text        PRIMARY KEY,
    name        text        NOT NULL,
    points_cost bigint      NOT NULL CHECK (points_cost > 0),
    value       numeric     NOT NULL CHECK (value > 0),
    currency    text        NOT NULL,
    valid_days  integer     NOT NULL CHECK (valid_days > 0),
    remaining   bigint      NULL CHECK (remaining >= 0),
    active      boolean     NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- claim_id is the customer's qualified claim id ("{requester}/{claimId}").
CREATE TABLE reward_claim
(
    customer_id text        NOT NULL,
    claim_id    text        NOT NULL,
    reward_id   text        NOT NULL REFERENCES reward (reward_id),
    taken       boolean     NOT NULL,
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (customer_id, claim_id)
);

CREATE TABLE coupon
(
    code                text        PRIMARY KEY,
    customer_id         text        NOT NULL,
    claim_id            text        NOT NULL,
    reward_id           text        NOT NULL,
    value               numeric     NOT NULL,
    currency            text        NOT NULL,
    issued_at           timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    redeemed_storefront text        NULL,
    redeemed_order      text        NULL,
    redeemed_at         timestamptz NULL,
    UNIQUE (customer_id, claim_id),
    FOREIGN KEY (customer_id, claim_id) REFERENCES reward_claim (customer_id, claim_id)
);

-- Erasure deletes a customer's coupons.
CREATE INDEX coupon_customer ON coupon (customer_id);
