import WeaveCLI

WeaveCommand.main()
