"""The ground floor: problems and errors, rules and findings, paths, text safety,
the vocabulary (languages, risk levels, message catalogs, number formats),
package resources, atomic files.  It imports nothing else from the package;
every other room may import it."""
