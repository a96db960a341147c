from axocr.cli import main

main()
