def main():
    print('main called')
print(__name__)
if __name__ == '__main__':
    main()
else:
    print('imported')
