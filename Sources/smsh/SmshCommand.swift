import Foundation
import SmshLanguage
import SmshREPL

@main
enum Smsh {
    static func main() async {
        switch SmshOptions.parse(Array(CommandLine.arguments.dropFirst())) {
        case .help:
            Output.write(SmshOptions.help + "\n", to: .standardOutput)
            exit(0)
        case .usageError(let message):
            Output.write("smsh: error: \(message)\n", to: .standardError)
            exit(2)
        case .run(let options):
            // Output is written unbuffered, so nothing waits to be flushed.
            exit(await Runner(options: options).main())
        }
    }
}
