## Judging (rules prepared for the judging pages)
error-weights-sum = 權重加總必須是 100。
error-weight-positive = 每項權重都必須大於 0。
error-range = 最高分必須大於最低分。
error-criterion-duplicate = 每個評分項目（包括開放資料項目）只能出現一次。
error-quantity-scale = 請以「資料集數:百分比」表示，例如 1:40, 2:70, 3:100；資料集越多，比例不可越低。
