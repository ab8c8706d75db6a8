package main

import "github.com/hcpartner/partner-sdk-go/internal/spec"

// The generator works on the spec types of package internal/spec.
type (
	File       = spec.File
	Operation  = spec.Operation
	Deprecated = spec.Deprecated
	Paginate   = spec.Paginate
	Model      = spec.Model
	Field      = spec.Field
	ConstSpec  = spec.ConstSpec
	ConstValue = spec.ConstValue
	SiteRule   = spec.SiteRule
)

func loadSpecs(dir string) ([]*File, error) { return spec.Load(dir) }
