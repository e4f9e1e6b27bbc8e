// Shared checks for the misuse cases, driven by expected.properties.
evaluate(new File(itSources, 'misuse-verify.groovy'))
