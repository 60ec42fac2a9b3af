// The example shop's rule set and documents (a copy of examples/shop/preview.json and
// progress.json, which the package tests keep equal to these).
module.exports = {
  "rules": {
    "schemaVersion": 1,
    "utcOffset": "+08:00",
    "eligibility": {
      "who": "everyone",
      "approval": "automatic"
    },
    "binding": {
      "mode": "firstShare",
      "validityDays": 90
    },
    "levels": [
      {
        "tierRates": [
          {
            "tier": "bronze",
            "rate": "0.10"
          },
          {
            "tier": "silver",
            "rate": "0.12"
          },
          {
            "tier": "gold",
            "rate": "0.15"
          }
        ]
      },
      {
        "rate": "0.05"
      }
    ],
    "base": "paid",
    "selfPurchase": false,
    "brokenUpline": "forfeit",
    "cap": "0.30",
    "rounding": "down",
    "products": [
      {
        "productId": "gift-card",
        "mode": "optOut"
      },
      {
        "productId": "longjing-250g",
        "mode": "inherit",
        "skus": [
          {
            "skuId": "tin",
            "mode": "own",
            "levels": [
              {
                "fixed": "8.00"
              },
              {
                "fixed": "2.00"
              }
            ]
          }
        ]
      }
    ],
    "lifecycle": {
      "frozenDays": 7
    },
    "withdrawal": {
      "minimum": "10.00",
      "feeRate": "0.006",
      "feeRounding": "halfUp",
      "minimumFee": "0.10"
    },
    "tiers": [
      {
        "id": "bronze",
        "name": "铜牌推广员"
      },
      {
        "id": "silver",
        "name": "银牌推广员",
        "upgrade": {
          "type": "any",
          "of": [
            {
              "type": "ownPaidTotal",
              "atLeast": "500.00",
              "window": {
                "kind": "allTime"
              }
            },
            {
              "type": "directRecruits",
              "atLeast": 3
            }
          ]
        }
      },
      {
        "id": "gold",
        "name": "金牌推广员",
        "upgrade": {
          "type": "all",
          "of": [
            {
              "type": "teamPaidTotal",
              "atLeast": "5000.00",
              "depth": 2,
              "window": {
                "kind": "month"
              }
            },
            {
              "type": "recruitsAtTier",
              "tier": "silver",
              "atLeast": 2
            }
          ]
        },
        "retention": {
          "period": "quarter",
          "condition": {
            "type": "teamPaidTotal",
            "atLeast": "3000.00",
            "depth": 2
          }
        }
      }
    ]
  },
  "preview": {
    "product": {
      "id": "longjing-250g",
      "skus": [
        {
          "id": "bag",
          "price": "128.00"
        },
        {
          "id": "tin",
          "price": "168.00"
        }
      ]
    },
    "distributor": {
      "id": "xiaomei",
      "tier": "gold",
      "status": "active"
    },
    "upline": [
      {
        "id": "laowang",
        "tier": "silver",
        "status": "active"
      }
    ]
  },
  "progress": {
    "member": {
      "id": "laowang",
      "tier": "silver"
    },
    "now": "2026-11-23T21:00:00+08:00",
    "facts": {
      "orders": [
        {
          "id": "o-1",
          "at": "2026-09-02T12:00:00+08:00",
          "amount": "320.00",
          "products": [
            "longjing-250g"
          ]
        },
        {
          "id": "o-2",
          "at": "2026-11-03T12:00:00+08:00",
          "amount": "268.00"
        }
      ],
      "teamOrders": [
        {
          "id": "t-1",
          "at": "2026-11-01T00:30:00+08:00",
          "amount": "1880.00",
          "depth": 1
        },
        {
          "id": "t-2",
          "at": "2026-11-12T15:00:00+08:00",
          "amount": "960.00",
          "depth": 2
        },
        {
          "id": "t-3",
          "at": "2026-10-31T23:50:00+08:00",
          "amount": "3000.00",
          "depth": 1
        }
      ],
      "recruits": [
        {
          "id": "xiaomei",
          "joinedAt": "2026-06-01T10:00:00+08:00",
          "tier": "gold"
        },
        {
          "id": "ah-fang",
          "joinedAt": "2026-10-10T10:00:00+08:00",
          "tier": "bronze"
        },
        {
          "id": "da-li",
          "joinedAt": "2026-11-05T10:00:00+08:00",
          "tier": "bronze"
        }
      ],
      "commissions": [
        {
          "at": "2026-11-20T10:15:00+08:00",
          "amount": "12.19"
        }
      ]
    },
    "candidateOrder": {
      "amount": "2200.00",
      "products": [
        "longjing-250g"
      ]
    }
  }
};
