package sdktest

import "testing"

func TestExampleInfoZeroValueHasNoCustomerClient(t *testing.T) {
	c, err := ExampleInfo{}.CustomerClient("any")
	if err == nil || c != nil {
		t.Fatalf("zero ExampleInfo: client %v, err %v; want an error", c, err)
	}
}

func TestExampleClientIsDeterministic(t *testing.T) {
	_, a, stopA := ExampleClient()
	defer stopA()
	_, b, stopB := ExampleClient()
	defer stopB()
	if a.CustomerID == "" || a.CustomerID != b.CustomerID || a.BillCycle != "2024-04" || !a.Now.Equal(b.Now) {
		t.Fatalf("two example worlds differ: %+v vs %+v", a, b)
	}
}
