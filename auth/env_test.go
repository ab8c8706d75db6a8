package auth

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func lookupMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestAKSKFromLookup(t *testing.T) {
	c, err := AKSKFromLookup(lookupMap(map[string]string{
		EnvAccessKey:     " " + testAK + "\n",
		EnvSecretKey:     testSK,
		EnvSecurityToken: testSecToken,
		EnvDomainID:      testDomainID,
	}))
	require.NoError(t, err)
	assert.Equal(t, testAK, c.AK())
	assert.Equal(t, testDomainID, c.DomainID())
	assert.True(t, c.Temporary())

	req, body := newTestRequest(t, "")
	require.NoError(t, c.Apply(context.Background(), req, body))
	assert.Equal(t, testSecToken, req.Header.Get(HeaderSecurityToken))
	assert.Equal(t, testDomainID, req.Header.Get(HeaderDomainID))
}

func TestAKSKFromLookupOptionalMissing(t *testing.T) {
	c, err := AKSKFromLookup(lookupMap(map[string]string{EnvAccessKey: testAK, EnvSecretKey: testSK, EnvSecurityToken: "  "}))
	require.NoError(t, err)
	assert.False(t, c.Temporary())
	assert.Equal(t, "", c.DomainID())
}

func TestAKSKFromLookupMissing(t *testing.T) {
	cases := []struct {
		env     map[string]string
		missing []string
	}{
		{map[string]string{EnvSecretKey: testSK, EnvSecurityToken: testSecToken}, []string{EnvAccessKey}},
		{map[string]string{EnvAccessKey: testAK, EnvSecretKey: ""}, []string{EnvSecretKey}},
		{map[string]string{}, []string{EnvAccessKey, EnvSecretKey}},
	}
	for _, tc := range cases {
		c, err := AKSKFromLookup(lookupMap(tc.env))
		assert.Nil(t, c)
		var me *MissingEnvError
		require.True(t, errors.As(err, &me), "%v", err)
		assert.Equal(t, tc.missing, me.Names)
		for _, name := range tc.missing {
			assert.Contains(t, err.Error(), name)
		}
		for _, s := range allSecrets {
			assert.NotContains(t, err.Error(), s)
		}
	}
}

func TestAKSKFromLookupInvalidValue(t *testing.T) {
	_, err := AKSKFromLookup(lookupMap(map[string]string{EnvAccessKey: "AK WITH SPACE", EnvSecretKey: testSK}))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testSK)

	_, err = AKSKFromLookup(nil)
	assert.Error(t, err)
}

func TestAKSKFromEnv(t *testing.T) {
	t.Setenv(EnvAccessKey, testAK)
	t.Setenv(EnvSecretKey, testSK)
	t.Setenv(EnvSecurityToken, "")
	t.Setenv(EnvDomainID, testDomainID)
	c, err := AKSKFromEnv(WithClock(newFakeClock().Now))
	require.NoError(t, err)
	assert.Equal(t, testAK, c.AK())
	assert.Equal(t, testDomainID, c.DomainID())
	assert.False(t, c.Temporary())

	t.Setenv(EnvSecretKey, "")
	_, err = AKSKFromEnv()
	var me *MissingEnvError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, []string{EnvSecretKey}, me.Names)
	assert.Equal(t, "auth: environment variable HUAWEICLOUD_SDK_SK is not set", err.Error())
}
