## Judging (rules prepared for the judging pages)
error-weights-sum = The weights must add up to 100.
error-weight-positive = Every weight must be more than 0.
error-range = The highest score must be above the lowest.
error-criterion-duplicate = Each criterion, and each open-data criterion, may appear only once.
error-quantity-scale = Write the scale as "datasets:percent" pairs, e.g. 1:40, 2:70, 3:100, never lower for more datasets.
