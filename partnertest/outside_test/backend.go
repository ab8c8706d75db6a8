// Package backend stands for a partner's own code that uses the SDK: the
// module lives outside the SDK (its own go.mod) and tests itself with
// partnertest, as any user's module would.
package backend

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	partnersdk "github.com/hcpartner/partner-sdk-go"
	"github.com/hcpartner/partner-sdk-go/customer"
	"github.com/hcpartner/partner-sdk-go/partner"
)

// TopUp allocates amount from the partner's account to a customer.
func TopUp(ctx context.Context, c *partnersdk.Client, customerID string, amount decimal.Decimal) error {
	_, err := c.Partner.UpdateCustomerAccountAmount(ctx, &partner.UpdateCustomerAccountAmountRequest{
		CustomerID: customerID, Amount: amount,
	})
	if err != nil {
		return fmt.Errorf("top up %s: %w", customerID, err)
	}
	return nil
}

// ResaleCustomers lists the IDs of the partner's resale customers, every
// page.
func ResaleCustomers(ctx context.Context, c *partnersdk.Client) ([]string, error) {
	var ids []string
	for info, err := range c.Customer.ListSubCustomersAll(ctx, &customer.ListSubCustomersRequest{}) {
		if err != nil {
			return nil, err
		}
		if info.AssociationType == "2" {
			ids = append(ids, info.CustomerID)
		}
	}
	return ids, nil
}

// Balance reads a customer's cash balance as the partner sees it.
func Balance(ctx context.Context, c *partnersdk.Client, customerID string) (decimal.Decimal, error) {
	resp, err := c.Partner.ListCustomersBalancesDetail(ctx, &partner.ListCustomersBalancesDetailRequest{
		CustomerInfos: []partner.CustomerInfoV2{{CustomerID: customerID}},
	})
	if err != nil {
		return decimal.Zero, err
	}
	for _, b := range resp.CustomerBalances {
		if b.CustomerID == customerID {
			return b.Amount, nil
		}
	}
	return decimal.Zero, fmt.Errorf("no balance for %s", customerID)
}
