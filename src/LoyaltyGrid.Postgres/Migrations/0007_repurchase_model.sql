-- Fits of the BG/NBD repurchase model (docs/prediction.md), one row per fit, newest read back.
--
-- as_of ends the observation period the fit saw; the forecast columns are figures over every
-- customer summarised at as_of with the fitted parameters: purchases expected in the next 30
-- and 90 days and how many customers have P(alive) < 0.5.

CREATE TABLE repurchase_model_fit
(
    id                     bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id             text             NOT NULL,
    fitted_at              timestamptz      NOT NULL,
    as_of                  timestamptz      NOT NULL,
    r                      double precision NOT NULL,
    alpha                  double precision NOT NULL,
    a                      double precision NOT NULL,
    b                      double precision NOT NULL,
    customers              integer          NOT NULL,
    log_likelihood         double precision NOT NULL,
    expected_purchases_30d double precision NOT NULL,
    expected_purchases_90d double precision NOT NULL,
    customers_likely_lost  bigint           NOT NULL
);

CREATE INDEX repurchase_model_fit_latest ON repurchase_model_fit (service_id, id DESC);
