"""``python -m studyapp.sim``: run the learning benchmark."""

from studyapp.sim.run import main

if __name__ == "__main__":
    main()
