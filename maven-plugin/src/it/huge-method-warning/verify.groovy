// The woven big.Big.run is over HotSpot's 8,000-byte limit for JIT compilation: weft:weave warns, naming the
// source file by its path under the project (as javac does) and the line of the method's first statement.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
def warning = log.readLines().find {
    it.startsWith('[WARNING] src/main/java/big/Big.java:20: big.Big.run: the woven method is ')
}
assert warning : 'no warning naming src/main/java/big/Big.java:20 in build.log:\n' +
        log.readLines().findAll { it.contains('WARN') }.join('\n')
assert warning.contains("over HotSpot's limit of 8000 bytes for JIT compilation (-XX:HugeMethodLimit): it will" +
        ' always run interpreted') : warning
assert log.contains('[INFO] woven 6 methods in 1 class (1 warning)')
println "warned as expected: ${warning}"
return true
