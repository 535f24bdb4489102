from mhcli.cli import main

main()
