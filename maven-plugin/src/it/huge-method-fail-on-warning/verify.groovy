// With -Dweft.failOnWarning=true, the warning about big.Big.run (woven over 8,000 bytes) fails the build in
// weft:weave; it is logged as an error and repeated in the failure message, with the source path.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /Failed to execute goal dev\.weft:weft-maven-plugin:[^:]+:weave \(default\)/ : 'the build did not fail in weft:weave'
assert log.contains('Weft warned 1 time and failOnWarning is set:')
def lines = log.readLines().findAll { it.contains('src/main/java/big/Big.java:20: big.Big.run: the woven method is ') }
assert lines.any { it.startsWith('[ERROR] src/main/java/big/Big.java:20: ') } : 'no ERROR line with the path:\n' + lines.join('\n')
assert lines.size() >= 2 : 'the warning is not both logged and in the failure message:\n' + lines.join('\n')
println "failed as expected: ${lines[0]}"
return true
