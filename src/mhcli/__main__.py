from mhcli.runner import main

main()
